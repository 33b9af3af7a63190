// Lint for what the compiler cannot see: the layering (which libraries each part of the code may
// touch) and a few mistakes tsc lets through. Run by `npm test` (npm run lint).
import js from '@eslint/js';
import path from 'node:path';
import { minimatch } from 'minimatch';
import tseslint from 'typescript-eslint';

/**
 * A rule of our own, because ESLint's no-restricted-imports keeps one setting per file: each
 * library may be imported only by the files whose paths match its globs.
 */
const layering = {
  rules: {
    confined: {
      meta: { type: 'problem', schema: [{ type: 'object' }] },
      create(context) {
        const file = path.relative(process.cwd(), context.filename).split(path.sep).join('/');
        const check = (node, source) => {
          for (const [library, { files, why }] of Object.entries(context.options[0])) {
            const hit = source === library || source.startsWith(`${library}/`);
            if (hit && !files.some((glob) => minimatch(file, glob))) context.report({ node, message: `${library} here: ${why}` });
          }
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, String(node.source.value)),
          'CallExpression[callee.name="require"]': (node) => node.arguments[0]?.type === 'Literal' && check(node, String(node.arguments[0].value)),
        };
      },
    },
  },
};

// Known leaks, to move behind their stores/ports (issue 17). New code may not add to these lists.
const MONGOOSE_LEAKS = [
  'src/complaints/ticket.ts', // the ticket entity carries an ObjectId
  'src/handoff/handoff-service.ts',
  'src/staff/staff-directory.ts',
  'src/staff/module.ts',
  'src/module.ts', // ModuleDeps hands modules the raw connection
  'src/channels/cloud/cloud-transport.ts',
  'src/channels/whatsapp/index.ts',
];
const EXPRESS_LEAKS = ['src/channels/port.ts', 'src/module.ts', 'src/staff/session-http.ts'];

export default tseslint.config(
  { ignores: ['dist/**', '.bench-build/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
  },
  {
    files: ['src/**/*.ts', 'flows/**/*.ts'],
    plugins: { layering },
    rules: {
      'layering/confined': [
        'error',
        {
          mongoose: {
            files: ['src/**/*-store.ts', 'src/**/*-repository.ts', 'src/db/**', 'src/applications/check-limits.ts', 'src/applications/notification-preferences.ts', 'src/complaints/alerts.ts', 'src/complaints/lease.ts', 'src/conversation/message-log.ts', 'src/conversation/outbox.ts', 'src/staff/audit-log.ts', 'src/staff/login-guard.ts', 'src/staff/staff-users.ts', 'src/channels/cloud/send-ledger.ts', 'src/channels/cloud/service-window.ts', ...MONGOOSE_LEAKS],
            why: 'only stores (files that own a collection) talk to mongoose',
          },
          express: { files: ['src/**/*routes.ts', 'src/http/**', 'src/dashboard/**', ...EXPRESS_LEAKS], why: 'only routes and src/http know about express' },
          'whatsapp-web.js': { files: ['src/channels/whatsapp/**'], why: 'whatsapp-web.js stays inside its adapter' },
          '@nlpjs': { files: ['src/understanding/classifier.ts', 'src/understanding/nlpjs.d.ts'], why: 'nlp.js stays inside the classifier' },
        },
      ],
    },
  },
);
