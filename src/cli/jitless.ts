import * as z from 'zod';

/**
 * zod without its JIT for a run: the JIT builds a new Function per object schema on its first
 * parse, and a run parses its config once, so it costs more than it saves (seed run 144 → 137 ms
 * CPU when it was first measured, 1,000 health checks no slower). zod reads the setting when a
 * schema is constructed, not when it parses: this module is imported first by the run command,
 * before any module that builds a schema at import. (Set inside runCommand, as it was, it reached
 * only the schemas built after that, and every schema built at import still compiled its parser.)
 */
z.config({ jitless: true });
