/**
 * config — configuration at the boundary: the environment schema and YAML files read through
 * zod, failing with the variable, file, path and reason.
 */
export { loadEnv, envSchema, ConfigError, type Env } from './env';
export { readYamlFile, ConfigFileError } from './yaml-file';
