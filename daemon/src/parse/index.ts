export { parsePayload, MAX_PAYLOAD_BYTES, type CardIdentity, type CccdIdentity, type ParseResult } from './card-payload.ts';
export type { BhytCardIdentity } from './bhyt-qr.ts';
export { parseSearchInput, type SearchQuery, type SearchResult } from './search-input.ts';
export { maskAddress, maskId, maskName } from './mask.ts';
export { isoToDmy, todayInVietnam } from './dates.ts';
export type { CodedMessage, Message } from './messages.ts';
