package model

// Node is the GraphQL Node interface. Domain types implement it without knowing GraphQL
// exists: the generated code dispatches on their concrete types.
type Node any
