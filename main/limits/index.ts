// main/limits: pure rules that judge a decoded module against versioned limit profiles.
// The file system is only in library.ts (loadLimitLibrary, defaultLimitsDir).
export { evaluateModule, judgeValue, PARAMETERS, type EvaluateOptions } from './evaluate';
export { checkIntegrity, type IntegrityContext } from './integrity';
export { checkUniqueVersions, describeProfile, effectiveProfiles, isEffective, parseLimitProfiles } from './profiles';
export { isoDay, resolveProfile, type ResolveOptions, type Resolution } from './resolve';
