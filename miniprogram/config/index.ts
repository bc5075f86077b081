import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const taroEnv = process.env.TARO_ENV ?? 'weapp';

/**
 * Code that Taro must transpile although it lives outside src/: the workspace's @mall/shared (TypeScript
 * source, reached through a symlink, so webpack sees its real path). zod is not bundled: the client holds the
 * contracts as types only (api/client.ts route()), and @mall/shared is sideEffects-free, so its contract modules
 * drop out (check:weapp fails if zod or an admin path shows up).
 */
const compileInclude = [path.resolve(__dirname, '../../shared/src')];

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'distro-mall-miniprogram',
    date: '2026-11-25',
    // NutUI is drawn for a 375-wide design; our own styles for the usual 750.
    designWidth(input) {
      const file = typeof input === 'object' && input?.file ? input.file.replace(/\\+/g, '/') : '';
      return file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      __API_BASE__: JSON.stringify(process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: compileInclude },
      // Modules used only by subpackages go to those subpackages (sub-vendors), not the main package's common chunk.
      // Taro's default, stated because the 600 KiB main-package budget depends on it.
      optimizeMainPackage: { enable: true },
      // Page stylesheets do not depend on each other's order (NutUI's come per component, from components/nutui.ts).
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: compileInclude },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      webpackChain(chain) {
        // Taro splits only initial chunks, so every lazily loaded page would carry its own copy of NutUI and
        // the shared code; let the async page chunks share them too.
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
