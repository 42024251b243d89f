// Package checklist owns appearance and conduct (仪容仪表/行为规范): versioned templates of
// weighted items for appearance, conduct and pre-shift readiness (which days, dress-code
// profile or role each item applies to, whether it needs a photo); the self-check due at
// the start of each rostered shift and supervisors' spot inspections of staff on duty;
// scoring and corrective actions; notices with read receipts (which satisfy the
// pre-shift item "read the latest notices"); and the monthly reward/penalty score sheet
// (客服每月奖罚评分表) with supervisor sign-off and CSV export.
//
// A check copies the items that apply to its subject when it starts, one row per item,
// so an answer can only fill a row once and a later template version never changes what
// an old result meant. Weekday items (the uniform) apply on the organisation's working
// days and weekend items on its days off, as the roster's holiday calendar says (a 调休
// Saturday is a uniform day, a holiday Monday is not): see WorkingDays.
package checklist
