import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Cascader } from './nutui-h5';
import { joinRegion, knownPath, parseRegions, regionParts, type RegionNode } from '../lib/regions';
import type { RegionPickerProps } from './region-picker';
import './region-picker.css';

interface RegionOption {
  text: string;
  value: string;
  children?: RegionOption[];
}

const toOptions = (nodes: readonly RegionNode[]): RegionOption[] =>
  nodes.map((n) => ({ text: n.name, value: n.name, children: n.children.length ? toOptions(n.children) : undefined }));

let loaded: Promise<{ tree: RegionNode[]; options: RegionOption[] }> | null = null;

/** The list of regions is fetched the first time a picker opens (its own chunk, about 40 KB). */
function loadRegions() {
  loaded ??= import('../lib/regions-data').then(({ PACKED_REGIONS }) => {
    const tree = parseRegions(PACKED_REGIONS);
    return { tree, options: toOptions(tree) };
  });
  return loaded;
}

/** 所在地区 in H5, where there is no native region picker: a province → city → district cascader. */
export function RegionPicker({ value, onChange, className = '' }: RegionPickerProps) {
  const [regions, setRegions] = useState<{ tree: RegionNode[]; options: RegionOption[] } | null>(null);
  const [isOpen, setOpen] = useState(false);

  const open = async () => {
    try {
      setRegions(await loadRegions());
      setOpen(true);
    } catch {
      loaded = null;
      void Taro.showToast({ title: '地区列表加载失败，请重试', icon: 'none' });
    }
  };

  return (
    <>
      <View className={`region-picker ${className}`} onClick={() => void open()}>
        <Text className={value ? 'region-picker__value' : 'region-picker__placeholder'}>{value || '省 市 区'}</Text>
        <Text className="region-picker__arrow">›</Text>
      </View>
      {regions && (
        <Cascader
          className="e2e-region-cascader"
          visible={isOpen}
          title="所在地区"
          options={regions.options}
          value={knownPath(regions.tree, regionParts(value))}
          onClose={() => setOpen(false)}
          onChange={(_value, path) => onChange(joinRegion(path.map((node) => String(node.text))))}
        />
      )}
    </>
  );
}
