/**
 * `npm run chat`: the simulator in the terminal. Starts the service on embedded defaults
 * (no HTTP port needed) and lets you type as a WhatsApp user; later messages (staff replies,
 * reminders) are printed as they arrive.
 */
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import { loadEnv } from '../../config/env';
import { createLogger } from '../../logging/logger';
import { createService } from '../../service';
import { toE164 } from '../phone-number';

async function main(): Promise<void> {
  const env = loadEnv({ LOG_LEVEL: 'warn', ...process.env, SIMULATOR_ENABLED: 'true' });
  const service = await createService({ env, logger: createLogger({ level: env.LOG_LEVEL }) });
  service.startBackground();
  const from = (process.env.CHAT_FROM ?? '6281234567890').replace(/\D/g, '');
  const simulator = service.simulator!;
  simulator.on('message', ({ chatId, entry }) => {
    if (chatId === from && entry.direction === 'out') process.stdout.write(`\n\x1b[32mbot>\x1b[0m ${entry.text}\n\n`);
  });
  process.stdout.write(`Chatting as +${from} with ${service.profile.office.shortName}. Type a message; Ctrl+C to quit.\n\n`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
  rl.prompt();
  rl.on('line', async (line) => {
    if (line.trim()) {
      await service.engine.receive({ channel: 'simulator', messageId: `cli-${randomUUID()}`, chatId: from, phone: toE164(from), text: line, receivedAt: new Date() });
      await service.engine.settle(`simulator:${from}`);
    }
    rl.prompt();
  });
  rl.on('close', () => {
    void service.close().then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
