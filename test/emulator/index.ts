/** The local Anthropic emulator: start it in-process, or run main.ts standalone. */
export { startEmulator } from './server';
export { answerFor, defaultAnswer, longAnswer, splitDeltas } from './answers';
export { redactRecord } from './control';
export type { Emulator, EmulatorModel, EmulatorOptions, FaultStep, RateLimitConfig, RateLimitBucketConfig, RecordedRequest, AuthHeaderUsed } from './types';
