import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    preact({ prerender: { enabled: false } }),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: '快递客服工作台',
        short_name: '快递客服',
        description: '快递客服人员的手机工作台：打卡、扫描运单，离线可用。',
        lang: 'zh-CN',
        start_url: '/today',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#c8102e',
        background_color: '#f5f5f7',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The shell and every built asset. The barcode wasm (~1 MB) is not precached: phones
        // with BarcodeDetector never need it; others keep it after the first scan (below).
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        navigateFallback: '/index.html',
        // Server endpoints are never answered with the shell.
        navigateFallbackDenylist: [/^\/graphql/, /^\/healthz/, /^\/readyz/, /^\/metrics/, /^\/\.well-known/, /^\/graphiql/],
        // Only GET of our own hashed wasm is cached at run time. GraphQL (POST) never goes
        // through a cache here; offline data lives in the GraphQL client's persisted cache
        // and the outbox.
        runtimeCaching: [
          {
            urlPattern: ({ url, request }) =>
              request.method === 'GET' && url.origin === self.location.origin && /^\/assets\/.+\.wasm$/.test(url.pathname),
            handler: 'CacheFirst',
            method: 'GET',
            options: { cacheName: 'cs-wasm', expiration: { maxEntries: 2 } },
          },
        ],
        // Web Push handlers (push, notificationclick) live in public/push-sw.js.
        importScripts: ['/push-sw.js'],
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
      },
    }),
  ],
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    // The app's core (outbox, session, GraphQL client, storage) and the small runtime pieces
    // every screen needs go in one chunk: left to itself rolldown splits them into six small
    // initial files (each compressed on its own), 1.9 KB gzip more on the first load.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'core', test: /[\\/]src[\\/](outbox|session|graphql|storage)[\\/]|[\\/]src[\\/]app[\\/]network|@urql[\\/]preact|preact[\\/]jsx-runtime|preload-helper/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/graphql': 'http://127.0.0.1:8080' },
  },
});
