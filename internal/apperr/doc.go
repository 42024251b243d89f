// Package apperr owns the product's one error type and its catalogue of stable codes.
//
// Codes are part of the public API: partners switch on them. The list only ever grows
// at the end; a shipped code is never renamed or removed. Every code has a message in
// zh-CN (the default) and English, chosen per request from Accept-Language.
package apperr
