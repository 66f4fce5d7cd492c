/** 催办: the office's urge by hand and the unit's acknowledgement (rule urges are written by the reminder scan through recordUrge). */
export { urgeAssignment } from "./urge-assignment";
export { acknowledgeUrge } from "./acknowledge-urge";
