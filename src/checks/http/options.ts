import { httpRequestShape } from '../../config/http-schema.js';
import { defineCheckOptions } from '../check-type.js';

/** The http check's options, a health check's request: what config validates (the implementation is ./http.ts). */
export const httpOptions = defineCheckOptions({
  type: 'http',
  description: 'an HTTP dependency: a request and assertions on its answer, as a health check',
  shape: () => httpRequestShape,
});
