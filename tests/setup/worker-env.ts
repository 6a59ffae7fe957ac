// Each test worker talks to the run's database through the app's own lib/db.
import { inject } from 'vitest';
import { TEST_SECRETS } from '../helpers/secrets';

Object.assign(process.env, TEST_SECRETS, { DATABASE_URL: inject('databaseUrl'), DATABASE_POOL_SIZE: '5', LOG_LEVEL: 'error' });
