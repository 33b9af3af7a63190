/**
 * MongoDB's duplicate-key error (E11000), told apart in one place: a unique index refusing a
 * write is how the stores make retries idempotent and races safe, so every store asks here.
 */
const DUPLICATE_KEY = 11000;

interface WriteFailure {
  index: number;
  code: number;
}

/** The write was refused because a unique index already holds its key. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === DUPLICATE_KEY;
}

/**
 * For an unordered bulk insert: the positions refused as duplicates, when duplicates are all
 * that went wrong (the rest were written); null when anything else failed.
 */
export function duplicatePositions(err: unknown): Set<number> | null {
  const raw = (err as { writeErrors?: WriteFailure[] | WriteFailure } | null)?.writeErrors;
  const failures = Array.isArray(raw) ? raw : raw ? [raw] : [];
  if (failures.length === 0) return isDuplicateKey(err) ? new Set() : null;
  return failures.every((f) => f.code === DUPLICATE_KEY) ? new Set(failures.map((f) => f.index)) : null;
}
