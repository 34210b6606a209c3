// main/limits: pure rules that judge a decoded module against versioned limit profiles.
// The file system is only in library.ts (loadLimitLibrary, defaultLimitsDir).
export { deriveDeclarations, evaluateModule, HOST_SUPPLY_LIMIT, judgeValue, PARAMETERS, type EvaluateOptions } from './evaluate';
export { checkIntegrity, findingsOf, type IntegrityContext } from './integrity';
export { checkUniqueVersions, describeProfile, effectiveProfiles, isEffective, parseLimitProfiles } from './profiles';
export { isoDay, resolveProfile, type ResolveOptions, type Resolution } from './resolve';
