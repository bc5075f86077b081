export default definePageConfig({ navigationBarTitleText: '团队排行', enablePullDownRefresh: true });
