/**
 * Entry for the size benchmark's "network layer": what moves bytes between us and the API —
 * both transports (node:http on keep-alive agents, global fetch with its pool counters), the
 * body owner with its deadlines, decompression, and SSE decoding (eventsource-parser). Retries,
 * the circuit breaker, batches and the rest of the client are measured separately as the
 * whole-library bundle.
 */
export * from '../../src/api/transport/createTransport';
export * from '../../src/api/transport/nodeTransport';
export * from '../../src/api/transport/fetchTransport';
export * from '../../src/api/transport/responseBody';
export * from '../../src/api/transport/deadline';
export * from '../../src/api/stream/sseBody';
export * from '../../src/api/stream/sseDecoder';
