/**
 * Public surface of the Anthropic client library (DESIGN.md "The API client"): the client, its
 * errors and types, key providers, the clock it runs on and request signing for gateways.
 * Internals (parsers, decoders, defaults) are imported from their own files, tests included.
 */
export { AnthropicClient } from './client';
export * from './errors';
export type {
  ApiVersion, AuthHeaderName, BatchCreateBody, BatchResultRow, CircuitBreakerOptions, CircuitChange, ClientOptions,
  ContentBlock, CountTokensBody, Disposable, ListPage, Logger, Message, MessageBatch, MessageCreateBody,
  MessageStreamEvent, ModelInfo, RateLimitBucket, RateLimitSnapshot, RequestOptions, RequestRecord, RetryInfo, TransportKind, Usage,
} from './types';
export type { ApiKey, KeyFeedback, KeyProvider, RotatingKeyOptions } from './keys';
export { StaticKeyProvider, RotatingKeyProvider } from './keys';
export type { RotationStrategy, KeyCandidate, ChooseOptions } from './keyRotation';
export { ROTATION_STRATEGIES, chooseKey, advancesCursor } from './keyRotation';
export type { KeyUsage, CostFunction, UsageCounts } from './keyUsage';
export * from './gatewayErrors';
export type { Interceptor, InterceptorHeaders, ReadonlyHeaders, RequestContext, ResponseContext } from './interceptors/types';
export type { ExtraHeaders, HeaderProblem } from './extraHeaders';
export { resolveExtraHeaders, describeHeaderProblems } from './extraHeaders';
export type { ProxyOption, ProxySpec, ProxySettings, ProxyServer } from './transport/proxy';
export { resolveProxy, proxyFor, noProxyMatcher, parseProxyUrl } from './transport/proxy';
export type { Clock } from '../base/clock';
export { systemClock } from '../base/clock';
export { MessageStream } from './stream/messageStream';
export type { MessageStreamListeners } from './stream/messageStream';
export type { CallCost, CallOutcome, MetricsSnapshot } from './metrics/metrics';
export type { Percentiles } from './metrics/samples';
export { MetricsSeries, DEFAULT_RETENTION_MS, minuteOf } from './metrics/series';
export type { SeriesOptions } from './metrics/series';
export type { CircuitEvent, MinuteBucket, ModelTally, RateLimitBucketName, RateLimitPoint } from './metrics/bucket';
export { MINUTE_MS, RATE_LIMIT_BUCKETS, addTally, cloneBucket, emptyBucket, mergeBucket, tallyOf } from './metrics/bucket';
export type { HistogramData } from './metrics/histogram';
export { bucketBounds, bucketIndex, percentile as histogramPercentile } from './metrics/histogram';
export { SERIES_SCHEMA_VERSION, SeriesFileError, decodeSeries, encodeSeries } from './metrics/seriesCodec';
export type { SeriesFile } from './metrics/seriesCodec';
export { dailyTotals, distribution, rollUp, summarize, utcDay } from './metrics/summary';
export type { DayTotals, Distribution, RangeSummary } from './metrics/summary';
export { seriesToCsv } from './metrics/csv';
export type { PoolSnapshot } from './transport/types';
export { signRequest, verifySignature, canonicalString, computeSignature, NonceStore, DEFAULT_SIGNING_HEADERS, resolveSigningHeaderNames } from './signing';
export type { SignatureHeaders, SigningHeaderNames, VerifyOptions, NonceStoreOptions } from './signing';
export { RequestBatcher } from './batch/requestBatcher';
export { BatchCanceledError, BatchExpiredError, BatchItemError } from './batch/batchErrors';
export type { BatchItemRef } from './batch/batchErrors';
export { BATCHER_DEFAULTS } from './batch/types';
export type {
  BatchAddOptions, BatchCreatedEvent, BatchEndedEvent, BatcherOptions, BatchItemOutcome, BatchItemSettledEvent, BatchPolledEvent, PendingBatch,
} from './batch/types';
export type { BatchMetricsSnapshot } from './batch/batchCounters';
export type { DeletedMessageBatch, MessageBatchRequestCounts } from './types';
