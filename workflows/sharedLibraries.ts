// Libraries every workflow shares instead of loading its own copy. The worker loads this module
// once, before any workflow, into the sandbox all cached workflows share, and freezes what it
// loaded there; so the schema library's code is held once rather than once per cached case.
// Only stateless library code belongs here: the project's own modules build schemas whose objects
// fill in lazily on first use, so they are loaded per workflow.
import * as z from 'zod';

// The schema library settles its global defaults (the message locale, the memoizer, whether it may
// compile parsers) on first use; settle them now, while they can still be written, because they are
// frozen once this module has loaded.
// It would compile a parser for each object schema on that schema's first parse. A workflow's
// schemas are its own (a case builds one for each action it checks, and lets it go) and each
// parses once or twice, so compiling would cost each case time and memory for nothing: they
// interpret.
z.config({ ...z.locales.en(), jitless: true });
z.object({ settled: z.string() }).safeParse({ settled: 'yes' });

export { z };
