export default definePageConfig({ navigationBarTitleText: '团队培训', enablePullDownRefresh: true });
