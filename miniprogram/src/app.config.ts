export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/category/index',
    'pages/cart/index',
    'pages/orders/index',
    'pages/mine/index',
    'pages/product/index',
    'pages/order-confirm/index',
    'pages/pay-result/index',
    'pages/order-detail/index',
  ],
  subPackages: [
    // catalog browsing beyond the tabs: search, and the placeholders of marketing entries not built yet
    { root: 'subpackages/catalog', pages: ['pages/search/index', 'pages/coming-soon/index'] },
    // my team; 团队排行 and 团队培训 (issue 11): sessions list, one session (sign-up, attendance), the leader's form
    {
      root: 'subpackages/team',
      pages: [
        'pages/team/index',
        'pages/sessions/index',
        'pages/session/index',
        'pages/session-edit/index',
        'pages/ranking/index',
      ],
    },
    // 分销中心: standing, balances, commission per order line; 结算单, 提现, 提现记录 (with 确认收款), 资金明细
    {
      root: 'subpackages/distribution',
      pages: [
        'pages/center/index',
        'pages/statements/index',
        'pages/statement/index',
        'pages/withdraw/index',
        'pages/withdrawals/index',
        'pages/ledger/index',
      ],
    },
    {
      root: 'subpackages/member',
      pages: ['pages/profile/index', 'pages/addresses/index', 'pages/address-edit/index'],
    },
    { root: 'subpackages/benefits', pages: ['pages/level/index', 'pages/points/index', 'pages/rewards/index'] },
    {
      // sharing (share figures, poster, messages, team notice): the path stays, sent subscribe messages open it
      root: 'subpackages/promotion',
      pages: ['pages/stats/index', 'pages/poster/index', 'pages/messages/index', 'pages/notice/index'],
    },
    // after-sales (售后): apply for part of an order line, my requests, one request's progress
    { root: 'subpackages/aftersales', pages: ['pages/apply/index', 'pages/list/index', 'pages/detail/index'] },
    // paying by bank transfer (银行转账): account, reference, proof upload, status
    { root: 'subpackages/payment', pages: ['pages/offline/index'] },
    // 拼团 (group-buy): running campaigns, one campaign (start or join), a group's progress (the share card opens
    // it), my groups (我的拼团)
    {
      root: 'subpackages/groupbuy',
      pages: ['pages/list/index', 'pages/detail/index', 'pages/group/index', 'pages/mine/index'],
    },
    // 优惠券 (issue 12): the claim center (also the landing page of a distributor's shared coupon card), my coupons
    { root: 'subpackages/coupons', pages: ['pages/center/index', 'pages/mine/index'] },
    // 限时秒杀 (issue 12): slots, countdown, grab, sold-out
    { root: 'subpackages/flash', pages: ['pages/index/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '分销商城',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#fa2c19',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/category/index',
        text: '分类',
        iconPath: 'assets/tabbar/category.png',
        selectedIconPath: 'assets/tabbar/category-active.png',
      },
      {
        pagePath: 'pages/cart/index',
        text: '购物车',
        iconPath: 'assets/tabbar/cart.png',
        selectedIconPath: 'assets/tabbar/cart-active.png',
      },
      {
        pagePath: 'pages/orders/index',
        text: '订单',
        iconPath: 'assets/tabbar/orders.png',
        selectedIconPath: 'assets/tabbar/orders-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
});
