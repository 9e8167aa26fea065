// Hooks without a timeout of their own (afterAll's dispose) get this one: stopping a queue-mode
// cluster (workers, main, Redis, PostgreSQL) takes longer than jest's 5 s default. (`testTimeout`
// in a project's config is ignored: jest only reads it globally.)
jest.setTimeout(120_000);
