/**
 * Entry for the size benchmark's "network layer": what moves bytes between us and the API —
 * keep-alive agents, the node-fetch exchange with its deadlines and body readers, and SSE
 * decoding (eventsource-parser). Retries, the circuit breaker, batches and the rest of the
 * client are measured separately as the whole-library bundle.
 */
export * from '../../src/api/transport/agents';
export * from '../../src/api/transport/http';
export * from '../../src/api/transport/bodyReader';
export * from '../../src/api/transport/deadline';
export * from '../../src/api/stream/sseDecoder';
