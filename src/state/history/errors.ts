/** A history file whose contents cannot be turned into a Conversation. It gets moved aside. */
export class HistoryCorruptError extends Error {
  override readonly name = 'HistoryCorruptError';
}

/** A history file written by a newer build (higher schemaVersion). It is left untouched. */
export class HistoryNewerVersionError extends Error {
  override readonly name = 'HistoryNewerVersionError';
  constructor(readonly version: number) {
    super(`written by a newer version of Claude Chat (history schema ${version}); left untouched`);
  }
}
