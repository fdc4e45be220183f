// Read your writes: a case created through the API can be referred to as soon as the answer is
// given, from any API process. The API writes the new case's first projection itself, right after
// its workflow started; the workflow writes the same one, and whichever comes second finds it there.

/** Runs the first projection of a case just created; a concurrent write of the same projection counts as done. */
export async function projectCreated(project: () => Promise<void>): Promise<void> {
  try {
    await project();
  } catch (err) {
    if ((err as { code?: string }).code !== 'P2002') throw err;
  }
}
