/**
 * The volume check's plain data (issue 24), for every part that reads it (the report, the channels,
 * routing): how much tracking arrived per site, what it is compared with, and the verdict. The
 * definitions live with the rest of the plain data, in src/types.ts, so that everything may import them.
 */
export type { SiteVolume, VolumeBaseline, VolumeKind, VolumePoint, VolumeProblem, VolumeStatus } from '../types.js';
