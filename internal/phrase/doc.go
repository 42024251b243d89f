// Package phrase owns the customer-service handbook's standard phrases (话术): the polite
// wording per situation (greeting, asking to wait, apology, thanks, explaining a delay,
// closing) in Chinese and English, maintained by managers for the unit they run and read
// by everyone below it; the openings the handbook forbids as a first answer (不行, 没办法,
// 不知道 …), which OpensForbidden recognises and the phone app checks with the same list
// offline; and the use of phrases in ticket replies, counted per agent for coaching.
package phrase
