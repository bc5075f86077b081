export default definePageConfig({ navigationBarTitleText: '发起培训' });
