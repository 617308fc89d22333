import { describeStoreContract } from '../testing/store-contract.js'
import { MemoryStore } from './memory-store.js'

describeStoreContract('memory', () => new MemoryStore())
