export default definePageConfig({ navigationBarTitleText: '银行转账' });
