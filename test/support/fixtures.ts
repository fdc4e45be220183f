// Request bodies used across tests (the sample requests of scripts/examples.ts) and the bearer header.
export { COMPLAINT_ACTION_BODIES, complaintFiling } from '../../scripts/examples';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
