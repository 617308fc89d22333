import { describeVerifierContract } from '@callhook/core/testing'
import { harnesses } from './helpers/adapters.js'

describeVerifierContract(harnesses)
