"""Term candidate accuracy on real reports (not a test).

    .venv/bin/python bench/candidates_accuracy.py [--reports ../shared/reports] [--list]

Each report of ../shared/reports/ is a document; the other reports are the workbench's other
documents (for "recurs across reports").

Recall: WELL_KNOWN was written before the candidate finder was tuned (issue 12): central
expressions and, per province, local ones a glossary reviewer expects. A term counts as found
when a candidate is the term or contains it (the reviewer sees it). It is measured over the terms
that occur in the report, and reported separately for the local terms, which the built-in list
of central expressions (workbench/glossary/data/central_terms.txt) does not supply.

Precision was judged by hand (JUDGED_NO: not a policy term - a scare-quoted word, a metaphor,
a fragment, a phrase, a generic collocation). It is measured on the top 30 of each report and
on a stable sample of the rest (one in six, by a hash of the text); candidates neither judged yes nor no are listed as
unjudged and left out. Targets: precision >= 0.85, recall >= 0.85.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.glossary.candidates import central_terms, find_candidates
from workbench.segment import segment_text

CENTRAL = """
新质生产力 高质量发展 新发展理念 新发展格局 乡村振兴 乡村全面振兴 共同富裕 中国式现代化
全国统一大市场 一带一路 碳达峰 碳中和 双碳 营商环境 以旧换新 两重 两新 十四五 十五五
高效办成一件事 专精特新 人工智能+ 数字经济 实体经济 现代化产业体系 制度型开放 总体国家安全观
全面从严治党 中央八项规定 八项规定 两个确立 两个维护 四个意识 四个自信 习近平新时代中国特色社会主义思想
绿水青山就是金山银山 美丽中国 平安中国 法治政府 新型城镇化 新型工业化 城乡融合发展 粮食安全
高标准农田 千万工程 和美乡村 以人民为中心 稳中求进 投资于人 扩大内需 国内大循环 双循环
首发经济 银发经济 低空经济 冰雪经济 未来产业 战略性新兴产业 科技自立自强 教育科技人才
长三角一体化 长江经济带 京津冀协同发展 粤港澳大湾区 成渝地区双城经济圈 自贸试验区
铸牢中华民族共同体意识 兴边富民 扫黑除恶 林长制 河湖长制 三农 一老一小 新就业群体
过紧日子 两个结合 高水平对外开放 一网通办 人民城市 防范化解重大风险 五个进一步到位
放管服 独角兽企业 链长制 零基预算 新型基础设施 数字政府 国家安全 安全生产治本攻坚三年行动
中央生态环境保护督察 污染防治攻坚战 蓝天碧水净土保卫战 三保 常住人口城镇化率 城市更新 平急两用
保障性住房 好房子 农业转移人口市民化 新型农业经营主体 耕地保护 一江一河 两个毫不动摇
"""
LOCAL = {
    "2026-上海市": "五个中心 一网统管 人民城市 浦东引领区 临港新片区 长三角生态绿色一体化发展示范区 国际科技创新中心 国际文化大都市 五个新城 两旧一村 民心工程 超大城市",
    "2026-云南省": "面向南亚东南亚辐射中心 生态文明建设排头兵 民族团结进步示范区 绿美云南 美丽云南 绿色能源 兴边富民 沿边开放 产业强省 三张牌",
    "2026-江苏省": "产业科技创新中心 苏州实验室 长江大保护 太湖综合治理 大运河 一带一路交汇点 苏锡常 南北联动 美丽江苏 扩中提低 六连优",
    "2026-河南省": "中原农谷 两个确保 十大战略 郑州都市圈 黄河流域生态保护和高质量发展 四条丝绸之路 空中丝绸之路 五统一、一开放 中原城市群",
    "2026-浙江省": "八八战略 创新浙江 千万工程 415X 315 平安浙江 法治浙江 山区海岛县 高水平文化强省 信用浙江 三大差距 五个更加注重 八项工程",
    "2026-湖北省": "支点建设 支点建设七大战略 荆楚文化 内陆开放高地 武汉都市圈 长江大保护 法治型服务型政府 精兵简政、放权赋能",
    "2026-黑龙江省": "北大荒 冰天雪地也是金山银山 向北开放 五大安全 四个农业 北大门 现代化大农业 冰雪经济 哈尔滨 亚冬会 严真细实快",
}

# Judged by hand: candidates that are not policy terms.
JUDGED_NO = set(
    [
        "提质",
        "奋斗者",
        "强城",
        "一件事",
        "幸福指数",
        "三连击",
        "拍脑袋",
        "绿色低碳",
        "政府有为",
        "做示范",
        "千行百业",
        "优化品质、提升品味、做强品牌",
        "一江春水",
        "心头大事",
        "高新产业主导、产学研协同、多链条融合、复合模式运营",
        "零门槛",
        "烟火气",
        "双城记",
        "舍得把钱花在人身上",
        "产业园区",
        "社会文明程度",
        "民生福祉",
        "固定+流动",
        "育分",
        "产业导入",
        "粮食产能提升灌溉",
        "化解矛盾风险维护社会稳定",
        "城市更新改造",
        "增效益",
        "高质量数据",
        "打造耐心资本",
        "骨头长肉",
        "单人成军",
        "人民生活品质",
        "政府债务风险",
        "宁波舟山",
        "生产安全事故",
        "土特产富",
        "正面、负面、倡导",
        "重构房地产商业模式",
        "做强自身实力、发挥支撑作用",
        "你过来",
        "项目哪里来、投到哪里去、怎么发展好",
        "投什么、谁来投、怎么投、如何管",
        "代表省人民政府",
        "布局优化",
        "绿色智能",
        "友好型社会",
        "整治形式主义",
        "规范涉企",
        "绿色发展动能",
        "特色优势产业",
        "债务风险",
        "防灾减灾",
        "中原大地",
        "上好学",
        "以生物医药、现代农业、生态环保为标志",
        "提效能",
        "最优解",
        "生态岛",
        "科技与法治",
        "经济强",
        "边境后",
        "首考",
        "重构创新政策、重塑创新平台、营造创新氛围、强化创新服务",
        "拎马桶",
        "上海大都市",
        "读城",
        "票根",
        "十个指头弹钢琴",
        "县乡村一体化",
        "更宜居",
        "双一流196",
        "沪国家实验室",
        "大中小微个",
        "管理、发展、脱困、改革",
        "顶流审美",
        "健康第一",
        "多日旅游",
        "环境美",
        "兴村",
        "后半篇文章",
        "群众的小事",
        "大力推动金融改革创新",
        "五好两宜",
        "市场+保障",
        "局部领先之长",
        "赤黄红",
        "满堂红",
        "企业有成",
        "市场有效",
        "百姓富",
        "自审自发",
        "天然摄影棚",
        "繁荣发展文化事业",
        "稳中求进、提质增效",
        "轨道交通线",
        "高端装备",
        "产业才能强省",
        "能级开放强省",
    ]
)
# Judged by hand: policy terms (names, slogans, abbreviations, programmes, statistics terms).
JUDGED_YES = set(
    [
        "一江一河一带",
        "万人助万企",
        "三个定位",
        "三保",
        "三资",
        "两业",
        "两个确立",
        "两个维护",
        "两重",
        "五个中心",
        "五大安全",
        "八八战略",
        "千项万亿",
        "双一流",
        "小巨人",
        "官僚主义",
        "国家安全",
        "空中丝路",
        "十四五",
        "十五五",
        "一带一路",
        "规上工业",
        "隐性债务",
        "经营主体",
        "市场经营主体",
        "跨境电商",
        "先进制造业",
        "平安浙江法治浙江",
        "习近平总书记",
        "实际使用外资",
        "全国重点实验室",
        "国资国企改革",
        "新型储能",
        "江南古镇",
        "双尖双领+X",
        "神武峡",
        "五基四化",
        "浙产好戏好剧",
        "双百工程",
        "模塑申城",
        "跨境电商+产业带",
        "冰超",
        "美丽庭院",
        "15分钟品质文化生活圈",
        "五小",
        "旅游+",
        "人地钱",
        "多规合一",
        "公务餐",
        "三基地一目的地",
        "茉莉花开",
        "全体人民共同富裕",
        "百业+文旅",
        "多格合一",
        "世界花园",
        "一圈一网一高地",
        "三大差距",
        "生态惠民、生态利民、生态为民",
        "内卷式",
        "两个健康",
        "数字浙江",
        "昆明宣言",
        "中国光谷",
        "重要窗口",
        "云南礼物",
        "空中出海口",
        "围村",
        "人均地区生产总值",
        "亿吨转水",
        "生产性服务业",
        "上海标准",
        "走出去",
        "水运江苏",
        "沉浸城市",
        "彩云市集",
        "立改废",
        "一网交易",
        "上海品牌",
        "县城—中心镇—重点村",
        "宜荆荆襄",
        "届届见金",
        "彩云汇",
        "四象限",
        "中国特色、亚洲风采、精彩纷呈",
        "创投+产投",
        "多态融合",
        "山区海岛县",
        "平台+产业",
        "电信网络诈骗",
        "苏品苏货",
        "点状供地",
        "黑土优品",
        "文化+科技",
        "一网通办",
        "直达快享",
        "一张图",
        "兴滇英才支持计划",
        "文化+",
        "万里长江第一隧",
        "全省第三极",
        "两癌",
        "共富工坊",
        "企业认定、政府认账",
        "三首两新",
        "一规划两纲要",
        "文艺豫军",
        "双高协同",
        "澜湄合作2.0版",
        "大综合一体化",
        "三北",
        "百千万",
        "模力社区",
        "市管县用",
        "八个振兴",
        "后亚冬",
        "林业碳汇",
        "江苏制造",
        "治本攻坚",
        "包县",
        "人工智能+政务",
        "民呼我为",
        "补转股",
        "信访工作法治化",
        "老家河南",
        "一业一查",
        "大农科",
        "荆楚安澜",
        "北大门",
        "一个跨越",
        "1小时高铁圈",
        "3小时高速公路圈",
        "7个专项行动",
        "一县一案",
        "七大要素",
        "三区一村",
        "三省合作",
        "丝路电商合作先行区",
        "两个不允许",
        "两项补贴",
        "中央经济工作会议",
        "中欧班列",
        "乡村旅游看浙江",
        "五优联动",
        "五张榜单",
        "五转变一迈进",
        "亩均论英雄",
        "亮码入企",
        "人才高地",
        "全域旅游、四季旅游",
        "六连优",
        "农产品精深加工业",
        "十大攻坚任务",
        "十连丰",
        "县中振兴",
        "善行边疆",
        "四个体系",
        "四港",
        "固定班次+预约响应",
        "国家医学中心",
        "城镇调查失业率",
        "基金入豫",
        "尊商、重商、亲商、安商",
        "快进慢游",
        "惠民保",
        "承诺办",
        "政产学研金服用",
        "教育强省",
        "智汇云南",
        "海洋强省",
        "海聚英才",
        "清四乱",
        "滇超",
        "现代化体育强省",
        "省域美丽中国先行区",
        "看病难、看病贵、看病繁",
        "社会主义现代化国际大都市",
        "科技板",
        "稀贵金属",
        "美丽浙江",
        "跨国公司地区总部",
        "跨省通办",
        "险资入豫",
        "雪超",
        "面向南亚东南亚辐射中心",
        "魔搭社区",
        "文化旅游强省",
        "五个更加注重",
        "好物业",
        "新官依法理旧账",
        "南亚东南亚",
        "老旧小区",
        "六个重大突破",
        "绿电+先进制造业",
        "五五购物节",
        "投资中国·优选湖北",
        "多田套合",
        "产业强省",
        "国家实验室",
        "党的光辉照边疆、边疆人民心向党",
        "百千万工程",
        "武汉都市圈",
        "通港达园",
        "国家农业高新技术产业示范区",
        "身在最北方、心向党中央",
        "平安云南",
        "世界光谷",
        "青蓝接力",
        "世界音乐之都",
        "严真细实快",
        "衢丽城市群",
        "郑和号",
        "乡村驭风行动",
        "浙江制造",
        "四个放在",
        "非禁即入",
        "产品品牌—企业品牌—区域品牌",
        "人均预期寿命",
        "标准强省",
        "稳拓调优",
        "文旅强省",
        "宁波都市圈",
        "浙里买全球",
        "保交房",
        "宜荆荆恩",
        "四个全面",
        "中三角",
        "国土空间规划",
        "模速空间",
        "有求必应、无事不扰",
        "总单+分单",
        "寒地龙药",
        "消费品以旧换新",
        "八个坚持",
        "高原特色体育强省",
        "扎扎实实、踏踏实实、求真务实",
        "政策+活动",
        "免证办",
        "政协民主监督",
        "美丽江苏",
        "中原农谷",
        "共同富裕示范区",
        "沪派江南",
        "双拥",
        "科技型中小企业",
        "好差评",
        "强富美高",
        "幸福里",
        "浙里城市、幸福家园",
        "武鄂黄黄咸",
        "进出口总额",
        "冰雪世界·龙马精神",
        "羲和",
        "非法金融活动",
        "昆明基金",
        "公转水",
        "行业+属地",
        "全国十大考古新发现",
        "百日行动",
        "接诉即办",
        "内需主导、消费拉动、内生增长",
        "智改数转网联",
        "美丽系列",
        "白名单",
        "投资龙江",
        "政绩工程",
        "浙产好剧",
        "精兵简政、放权赋能",
        "县域经济",
        "实验室+",
        "得补率",
        "四题一评",
        "千集万店",
        "制造业增加值",
        "山海协作",
        "百千工程",
        "知音湖北·全球合作伙伴",
        "忠诚、为民、务实、清廉",
        "全省通办",
        "双高计划",
        "特新精优",
        "大视听+旅游",
        "市采通",
        "八项工程",
        "零自付",
        "检查码",
        "浙江有礼",
        "蓝色粮仓",
        "保7争6",
        "苏超",
        "医学高峰",
        "七优享",
        "十百千万",
        "临港新片区",
        "国际科技创新中心",
        "外资研发中心",
        "消费中心城市",
        "现代化人民城市",
        "新就业形态",
        "科技创新中心",
        "五化",
        "引育留用",
        "新时代元阳梯田",
        "人人有事做、家家有收入",
        "苏新消费",
        "无感监管",
        "云南方案",
        "绿保稳",
        "人防、技防、工程防、管理防",
        "技术经纪人+",
        "空中丝绸之路",
        "小而美",
        "形象工程",
        "灯塔工厂",
        "标准地",
        "服务包",
        "人工智能+医疗",
        "荆襄随",
        "体育+旅游",
        "集成办",
        # judged when quoted figure codes and named events became candidates (acc, issue 12)
        "3815",
        "1+3",
        "1+2+4+N",
        "132",
        "4+1",
        "1+6",
        "16+16",
        "1820",
        "301",
        "415X",
        "315",
        "61020",
        "8+4",
        "中国国际进口博览会",
        "亚冬会",
        "市运会",
        "进博会",
        "产业科技创新中心",
        "高质量发展建设共同富裕示范区",
        "省重点实验室",
        "页岩油全国重点实验室",
    ]
)
TOP = 30
SAMPLE = 6  # one candidate in six below the top 30s, by a hash of its text


def _segments(path: Path) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for para in segment_text(path.read_text(encoding="utf-8")):
        out += [(len(out), para.text[s:e]) for s, e in para.spans]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports")
    ap.add_argument("--list", action="store_true", help="print misses, false and unjudged ones")
    args = ap.parse_args()
    docs = {
        p.name.removesuffix(".zh.txt"): _segments(p) for p in sorted(args.reports.glob("*.zh.txt"))
    }
    if not docs:
        sys.exit(f"no *.zh.txt under {args.reports}")
    central = set(central_terms())
    judged_top: list[str] = []
    rest: set[str] = set()
    rest_all: list[str] = []  # non-central candidates below the top 30s, per report
    central_rest = 0
    found_all = wanted_all = found_local = wanted_local = 0
    for name, segments in docs.items():
        corpus = ["\n".join(t for _, t in docs[o]) for o in docs if o != name]
        candidates = find_candidates(segments, corpus=corpus)
        texts = [c.text for c in candidates]
        judged_top += texts[:TOP]
        rest.update(t for t, c in zip(texts[TOP:], candidates[TOP:]) if c.kind != "central")
        rest_all += [c.text for c in candidates[TOP:] if c.kind != "central"]
        central_rest += sum(1 for c in candidates[TOP:] if c.kind == "central")
        full = "\n".join(t for _, t in segments)
        local = set(LOCAL.get(name, "").split())
        wanted = [w for w in dict.fromkeys(CENTRAL.split() + sorted(local)) if w in full]
        found = [w for w in wanted if any(w in t for t in texts)]
        missed = [w for w in wanted if w not in found]
        wl = [w for w in wanted if w in local and w not in central]
        fl = [w for w in wl if w in found]
        found_all, wanted_all = found_all + len(found), wanted_all + len(wanted)
        found_local, wanted_local = found_local + len(fl), wanted_local + len(wl)
        print(
            f"{name}: {len(candidates)} candidates; well-known {len(found)}/{len(wanted)}, "
            f"local (not in the central list) {len(fl)}/{len(wl)}"
        )
        if args.list and missed:
            print("  missed:", " ".join(missed))
    # A stable sample: the same candidate is in it whatever else the lists hold.
    sample = [
        t for t in sorted(rest) if int(hashlib.sha1(t.encode()).hexdigest(), 16) % SAMPLE == 0
    ]
    shares = {}
    for label, items in (("top 30 of each report", judged_top), ("sample of the rest", sample)):
        yes = sum(1 for t in items if t in JUDGED_YES or (t in central and t not in JUDGED_NO))
        no = [t for t in items if t in JUDGED_NO]
        unjudged = [
            t for t in items if t not in JUDGED_YES and t not in JUDGED_NO and t not in central
        ]
        share = yes / (yes + len(no)) if yes + len(no) else 0.0
        shares[label] = share
        print(f"precision, {label}: {yes}/{yes + len(no)} = {share:.1%} ({len(unjudged)} unjudged)")
        if args.list:
            print("  not terms:", " ".join(no))
            print("  unjudged:", " ".join(unjudged))
    # The whole lists: the top 30s as judged, central ones below them as right as the top 30s
    # show them to be, the rest as the sample says.
    whole = len(judged_top) + central_rest + len(rest_all)
    estimate = (
        len(judged_top) * shares["top 30 of each report"]
        + central_rest
        + len(rest_all) * shares["sample of the rest"]
    ) / whole
    print(f"precision of the whole lists (estimated): {estimate:.1%} of {whole} (target >= 85%)")
    print(f"recall of well-known terms: {found_all}/{wanted_all} = {found_all / wanted_all:.1%}")
    print(
        f"recall of local terms only: {found_local}/{wanted_local} = "
        f"{found_local / max(wanted_local, 1):.1%}"
    )


if __name__ == "__main__":
    main()
