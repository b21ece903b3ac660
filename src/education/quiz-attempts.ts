import type { DedupeStore, KeyValueStore, UserKey } from '../store/ports';

/** How long an unfinished quiz can be picked up again, and how long its answers are kept. */
export const QUIZ_TTL_MS = 24 * 60 * 60_000;

/** One answer as stored: the choice's ID, never its wording. */
export interface QuizAnswer {
  choiceId: string;
  correct: boolean;
}

/** A user's run through the quiz, kept in the store (card data only ever names it). */
export interface QuizAttempt {
  attemptId: string;
  /** The questions of this attempt, in order, by ID (the wording is rebuilt from the profile). */
  questionIds: string[];
  /** The first answer to each question so far, in order. */
  answers: QuizAnswer[];
  startedAt: number;
  /** The activity's locale when the quiz started, or null when it had none usable. */
  locale: string | null;
}

/** The store slices the quiz uses: attempts in the key-value store, first answers as claims. */
export interface QuizStore {
  kv: Pick<KeyValueStore, 'get' | 'set'>;
  dedupe: Pick<DedupeStore, 'claim'>;
}

const userPart = (user: UserKey): string => `quiz:${user.tenantId}:${user.aadObjectId}`;
const attemptKey = (user: UserKey, attemptId: string): string => `${userPart(user)}:${attemptId}`;
const currentKey = (user: UserKey): string => `${userPart(user)}:current`;

/** A UUID, as startQuiz makes them: anything else in card data is refused before it names a key. */
export const isAttemptId = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

/** Stores a new attempt and makes it the user's current one (the one typed answers go to). */
export const saveNewAttempt = async (
  store: QuizStore,
  user: UserKey,
  attempt: QuizAttempt,
): Promise<void> => {
  await store.kv.set(attemptKey(user, attempt.attemptId), attempt, QUIZ_TTL_MS);
  await store.kv.set(currentKey(user), attempt.attemptId, QUIZ_TTL_MS);
};

/** The user's current attempt ID, if one started within the last day. */
export const currentAttemptId = (store: QuizStore, user: UserKey): Promise<string | undefined> =>
  store.kv.get<string>(currentKey(user));

/**
 * The attempt, if it is the user's own and still current: the key holds the user, so an
 * attempt ID copied from someone else's card finds nothing, and a newer quiz retires older ones.
 */
export const loadCurrentAttempt = async (
  store: QuizStore,
  user: UserKey,
  attemptId: string,
): Promise<QuizAttempt | undefined> => {
  if (!isAttemptId(attemptId) || (await currentAttemptId(store, user)) !== attemptId) return undefined;
  return store.kv.get<QuizAttempt>(attemptKey(user, attemptId));
};

/**
 * Claims question `index` of an attempt for the caller: only the first answer counts, also
 * when two taps (two devices, a retried invoke) race across replicas.
 */
export const claimAnswer = (
  store: QuizStore,
  user: UserKey,
  attemptId: string,
  index: number,
): Promise<boolean> => store.dedupe.claim(`${attemptKey(user, attemptId)}:answer:${index}`, QUIZ_TTL_MS);

/** Writes the attempt back; the caller holds the claim of the question it answered. */
export const saveAttempt = (store: QuizStore, user: UserKey, attempt: QuizAttempt): Promise<void> =>
  store.kv.set(attemptKey(user, attempt.attemptId), attempt, QUIZ_TTL_MS);
