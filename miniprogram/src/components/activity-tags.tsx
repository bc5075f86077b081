import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ActivityTag } from '@mall/shared';
import './activity-tags.css';

const ENTRY_PAGES: Partial<Record<ActivityTag['kind'], (tag: ActivityTag) => string>> = {
  groupbuy: (tag) => `/subpackages/groupbuy/pages/detail/index?id=${tag.id}`,
  flash: () => '/subpackages/flash/pages/index/index',
};

/**
 * The product's live marketing (满300减30, 限时8折, 3人团, 限时秒杀). On a card the tags only read; on the product
 * page the group-buy and flash tags are entries to their pages.
 */
export function ActivityTags({ tags, withEntries = false }: { tags: readonly ActivityTag[]; withEntries?: boolean }) {
  if (!tags.length) return null;
  return (
    <View className="activity-tags e2e-activity-tags">
      {tags.map((tag) => {
        const entry = withEntries ? ENTRY_PAGES[tag.kind] : undefined;
        return (
          <Text
            key={`${tag.kind}-${tag.id}`}
            className={`activity-tag activity-tag--${tag.kind}${entry ? ' activity-tag--entry' : ''} e2e-activity-tag`}
            onClick={
              entry
                ? (e) => {
                    e.stopPropagation();
                    void Taro.navigateTo({ url: entry(tag) });
                  }
                : undefined
            }
          >
            {tag.label}
            {entry ? ' ›' : ''}
          </Text>
        );
      })}
    </View>
  );
}
