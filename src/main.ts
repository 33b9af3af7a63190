/**
 * The process: validate configuration, build the service, listen, and shut down cleanly on
 * SIGINT/SIGTERM — intake first, then messages in progress and the outbox (SHUTDOWN_DRAIN_SECONDS),
 * then WhatsApp and the database — within the drain time plus 10 s; a second signal exits at once.
 */
import { ConfigError, environmentWarnings, loadEnv, type Env } from './config/env';
import { ConfigFileError } from './config/yaml-file';
import { createLogger, type Logger } from './logging/logger';
import { createService, type Service } from './service';

/** Beyond the outbox drain, what closing WhatsApp, HTTP and the database may take. */
const SHUTDOWN_MARGIN_MS = 10_000;

export async function run(overrides: Partial<Record<keyof Env, string>> = {}): Promise<Service> {
  let env: Env;
  const source = { ...process.env, ...overrides };
  try {
    env = loadEnv(source);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  for (const warning of environmentWarnings(source)) logger.warn({ NODE_ENV: env.NODE_ENV }, warning);
  let service: Service;
  try {
    service = await createService({ env, logger });
  } catch (err) {
    if (err instanceof ConfigFileError) {
      process.stderr.write(`Invalid configuration file ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const { port } = await service.listen(env.PORT);
  service.startBackground();
  logger.info({ port, agency: env.AGENCY, simulator: env.SIMULATOR_ENABLED, whatsapp: env.WHATSAPP_ENABLED }, 'service listening');
  installShutdown(service, logger);
  return service;
}

function installShutdown(service: Service, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const limitMs = service.env.SHUTDOWN_DRAIN_SECONDS * 1000 + SHUTDOWN_MARGIN_MS;
    const timer = setTimeout(() => {
      logger.error({ seconds: limitMs / 1000 }, 'shutdown took too long: exiting');
      process.exit(1);
    }, limitMs);
    timer.unref();
    service
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // whatsapp-web.js has async event handlers nobody awaits; one failing must not end the service
  // (the transport's supervisor notices a dead client and restarts it).
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
}

if (require.main === module) {
  run().catch((err) => {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
