import type { en } from './en.js'

/** A message's key: English is the reference catalogue. */
export type MessageKey = keyof typeof en
/** One language's catalogue: every key English has. */
export type Messages = Record<MessageKey, string>
