// What every workflow shares instead of loading its own copy: the schema library and the domain's
// rules. The worker loads this module once, before any workflow, into the sandbox all cached
// workflows share, and freezes what it loaded there; so that code is held once rather than once
// per cached case, and a cached case holds its workflow's own modules (workflows/) and its state.
// Only code without state of its own belongs here. The domain's modules qualify: they are pure
// rules, their schemas are built by functions rather than on loading (domain/fields.ts), an action
// table keeps the schemas it builds in a Map, which freezing leaves writable (domain/actionSchemas.ts),
// and the business calendar keeps its time-zone formatters in one; what they keep is the same for
// every case, so sharing it changes no result.
import * as z from 'zod';
// The domain's rules every workflow uses (workflows/ imports nothing else from domain/); loading them
// builds no schema, so the settings below apply to every schema they build.
import '../domain/caseHistory';
import '../domain/errors';
import '../domain/fields';
import '../domain/stateDelta';
import '../domain/complaint/machine';
import '../domain/serviceCall/machine';
import '../domain/contract/machine';
import '../domain/accountability/machine';
import '../domain/accountability/review';

// The schema library settles its global defaults (the message locale, the memoizer, whether it may
// compile parsers) on first use; settle them now, while they can still be written, because they are
// frozen once this module has loaded.
// It would compile a parser for each object schema on that schema's first parse: the shared action
// schemas are built once per worker, but the others a workflow builds (a filing's, an amount's) are
// built for one check, so compiling would cost time and memory for nothing: they interpret.
z.config({ ...z.locales.en(), jitless: true });
z.object({ settled: z.string() }).safeParse({ settled: 'yes' });

export { z };
