// Typed operations from the server's contract. Each feature keeps its *.graphql next to its
// code; the generated *.generated.ts sits beside it (near-operation-file preset).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema/*.graphqls',
  documents: 'src/**/*.graphql',
  generates: {
    'src/graphql/schema-types.ts': {
      plugins: ['typescript'],
      config: {
        onlyOperationTypes: true,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Time: 'string', Date: 'string', ID: 'string' },
      },
    },
    'src/': {
      preset: 'near-operation-file',
      presetConfig: { extension: '.generated.ts', baseTypesPath: 'graphql/schema-types.ts' },
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Time: 'string', Date: 'string', ID: 'string' },
      },
    },
  },
  hooks: { afterAllFileWrite: [] },
};

export default config;
