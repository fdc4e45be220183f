// The payload key of test runs and of the replay gate's encrypted captures (G6). A test key only:
// an installation generates its own (platform/run.ts) or is given them (PAYLOAD_KEYS).
export const TEST_PAYLOAD_KEYS = 'test-1=dGVzdC1vbmx5LXBheWxvYWQta2V5LW5vdC1zZWNyZXQ=';
