// npm packages sometimes ship .go files; a go.mod inside node_modules makes it a separate
// module, so `go build ./...` and `go vet ./...` at the repository root never look inside.
import { existsSync, writeFileSync } from 'node:fs';

if (existsSync('node_modules')) writeFileSync('node_modules/go.mod', 'module ignored/node_modules\n');
