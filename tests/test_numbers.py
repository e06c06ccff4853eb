"""The number extractor and comparison, on the sample report's own figures.

PASS: correct English renderings in several styles must raise no problem (no false alarms).
FAIL: 万/亿 scale slips, thousand/million slips, dropped digits, wrong percentages and 百分点
rendered as percent must raise at least one problem (no misses).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from workbench.qa.numbers import Quantity, compare_numbers, extract_en, extract_zh, zh_numeral_value

# (Chinese as in the sample, correct English renderings)
PASS: list[tuple[str, str]] = [
    (
        "——2024年12月28日在白山市江源区第十届人民代表大会",
        "— Delivered on December 28, 2024 at the Tenth People's Congress of Jiangyuan District",
    ),
    (
        "——2024年12月28日在白山市江源区第十届人民代表大会",
        "— 28 December 2024, at the 10th People's Congress of Jiangyuan District",
    ),
    ("第四次会议上", "at its Fourth Session"),
    ("第四次会议上", "at the 4th session"),
    ("预计全年地区生产总值同比增长5%", "GDP is expected to grow by 5% year on year"),
    ("预计全年地区生产总值同比增长5%", "GDP is expected to grow by 5 percent"),
    ("预计全年地区生产总值同比增长5%", "GDP is expected to grow by five percent"),
    (
        "农林牧渔业同比增长5.5%",
        "agriculture, forestry, animal husbandry and fishery grew 5.5 per cent",
    ),
    (
        "规模以上工业增加值同比增长20%",
        "value added of industrial enterprises above designated size rose 20%",
    ),
    ("组建31个重大项目工作专班", "set up 31 task forces for major projects"),
    (
        "全年开复工500万元以上重点项目52个，开复工率100%。",
        "52 key projects worth over 5 million yuan each were started or resumed, a rate of 100%.",
    ),
    (
        "全年开复工500万元以上重点项目52个，开复工率100%。",
        "We started or resumed 52 key projects of RMB 5 million or more, a 100 percent rate.",
    ),
    (
        "钰龙农业生态采摘园等32个产业类项目纳入省市重点项目库",
        "32 industrial projects including the Yulong picking garden entered the provincial and municipal key project lists",
    ),
    ("等11个政府类投资项目投入使用", "eleven government-funded projects were put into use"),
    ("等16个产业类项目竣工投产", "16 industrial projects were completed and put into production"),
    (
        "全年赴北京、山东等14个省市对接企业96家",
        "we visited 14 provinces and cities including Beijing and Shandong to meet 96 enterprises",
    ),
    ("等12个项目成功签约", "twelve projects were signed"),
    (
        "预计全年招商引资到位资金同比增长35%",
        "investment funds in place are expected to rise 35% year on year",
    ),
    (
        "全年争取预算内资金16.7亿元，新增债券资金5.4亿元。",
        "We secured 1.67 billion yuan of budgetary funds and 540 million yuan in new bond funds.",
    ),
    (
        "全年争取预算内资金16.7亿元，新增债券资金5.4亿元。",
        "We secured RMB 1.67 billion of budgetary funds and RMB 540 million in new bonds.",
    ),
    (
        "全年争取预算内资金16.7亿元，新增债券资金5.4亿元。",
        "We secured RMB1.67bn of budgetary funds and RMB0.54bn in new bonds.",
    ),
    (
        "全年争取预算内资金16.7亿元，新增债券资金5.4亿元。",
        "We secured 1,670 million yuan of budgetary funds and 540,000,000 yuan in new bonds.",
    ),
    (
        "全年争取预算内资金16.7亿元，新增债券资金5.4亿元。",
        "We secured yuan 1.67 billion of budgetary funds and yuan 0.54 billion in new bonds.",
    ),
    (
        "年产1亿立方米LNG项目稳定生产",
        "the LNG project with an annual output of 100 million cubic meters ran steadily",
    ),
    ("年产1亿立方米LNG项目稳定生产", "the 100-million-cubic-metre-a-year LNG project ran steadily"),
    (
        "投资3246万元提质更新高标准农田3.24万亩",
        "32.46 million yuan was invested to upgrade 32,400 mu of high-standard farmland",
    ),
    (
        "投资3246万元提质更新高标准农田3.24万亩",
        "RMB 32.46 million was invested to upgrade 32.4 thousand mu of high-standard farmland",
    ),
    (
        "投资3246万元提质更新高标准农田3.24万亩",
        "32,460,000 yuan was invested to upgrade 32400 mu of farmland",
    ),
    (
        "耕地轮作3万亩，粮食产量突破6000万斤。",
        "crop rotation covered 30,000 mu and grain output exceeded 60 million jin.",
    ),
    (
        "耕地轮作3万亩，粮食产量突破6000万斤。",
        "crop rotation on thirty thousand mu; grain output topped 60 million jin.",
    ),
    (
        "创建特色基地3个，特色种植面积2.5万亩以上",
        "three specialty bases were created, with specialty crops on more than 25,000 mu",
    ),
    (
        "特色农产品加工收入突破3亿元",
        "processing revenue from specialty farm products exceeded 300 million yuan",
    ),
    (
        "全年培育各类新型经营主体349个，新增家庭农场11个",
        "349 new agricultural business entities were fostered and 11 family farms added",
    ),
    (
        "政银企合作平台助企融资8.1亿元，普惠小微贷款7.1亿元。",
        "the cooperation platform raised RMB 810 million for enterprises, and inclusive small and micro loans reached RMB 710 million.",
    ),
    (
        "钰龙矿业、鸿源瓷业等10户企业纳入“小升规”后备培育库",
        "10 enterprises including Yulong Mining were added to the reserve list for upgrading",
    ),
    (
        "鼎运、林源春、悦顺塑料完成投资7262万元，升级改造4条生产线。",
        "Dingyun, Linyuanchun and Yueshun invested 72.62 million yuan to upgrade four production lines.",
    ),
    (
        "裕达特产、东圣塑料等7户企业成功认定国家科技型中小企业",
        "seven enterprises were recognised as national technology-based SMEs",
    ),
    (
        "新注册登记市场主体1245户，规上服务业营业收入同比增长44.5%",
        "1,245 new market entities registered; revenue of services above designated size rose 44.5%",
    ),
    ("电商网络零售额同比增长30.3%", "online retail sales grew 30.3 percent"),
    ("成功举办2024年新春禧乐会", "the 2024 Spring Festival gala was held"),
    (
        "投资2405万元实施江源大街、和谐大街、文汇路等基础设施建设工程",
        "24.05 million yuan went into infrastructure on Jiangyuan Street, Hexie Street and Wenhui Road",
    ),
    (
        "投资604万元改造鹤小路、浑老路等7条农村公路",
        "6.04 million yuan was invested to rebuild seven rural roads",
    ),
    (
        "投资1800万元改造维修大众综合楼、东祥楼等4个老旧小区",
        "RMB 18 million renovated four old residential compounds",
    ),
    (
        "投资1513万元改造保障性租赁住房213套",
        "15.13 million yuan renovated 213 units of government-subsidized rental housing",
    ),
    (
        "投资2504万元完成智慧水务改造项目",
        "a smart water project costing 25.04 million yuan was completed",
    ),
    (
        "脱贫人口人均纯收入达到16010元，同比增长15.3%。",
        "per capita net income of people lifted out of poverty reached 16,010 yuan, up 15.3%.",
    ),
    (
        "投入乡村振兴衔接资金2675万元，实施乡村振兴项目10个",
        "26.75 million yuan of rural revitalization funds financed 10 projects",
    ),
    (
        "投资3458万元打造“千村美丽”村9个、“百村示范”村1个",
        "34.58 million yuan built nine “Thousand Beautiful Villages” villages and one “Hundred Model Villages” village",
    ),
    (
        "投资3458万元打造“千村美丽”村9个、“百村示范”村1个",
        "RMB 34.58 million went to 9 beautiful villages and a model village",
    ),
    (
        "创建省级美丽乡村5个、干净人家1200户",
        "five provincial beautiful villages and 1,200 clean households were created",
    ),
    (
        "总投资2974万元的城乡环卫作业市场化运营体系稳定运行",
        "the market-based sanitation system, with a total investment of 29.74 million yuan, ran steadily",
    ),
    (
        "新建改造街路2.1万平方米，整治违规占道经营240余处",
        "21,000 square meters of streets were built or rebuilt and more than 240 cases of illegal street vending were dealt with",
    ),
    (
        "新建改造街路2.1万平方米，整治违规占道经营240余处",
        "21 thousand m2 of streets were rebuilt and over 240 street-vending sites were cleared",
    ),
    (
        "覆绿公路沿线80公里，栽植时令花卉16.2万株",
        "80 kilometers of roadside were greened and 162,000 seasonal flowers planted",
    ),
    (
        "覆绿公路沿线80公里，栽植时令花卉16.2万株",
        "80 km of roadside were greened and 162 thousand seasonal flowers planted",
    ),
    ("整改农村户用问题厕所600座", "600 substandard rural household toilets were fixed"),
    (
        "全年空气质量优良天数比例达到97%以上。",
        "The share of days with good air quality reached over 97%.",
    ),
    (
        "全年空气质量优良天数比例达到97%以上。",
        "Days of good air quality accounted for 97 percent or more of the year.",
    ),
    (
        "投资680万元建成环境监测三级站",
        "6.8 million yuan built a third-level environmental monitoring station",
    ),
    (
        "清理河道305公里，水体环境明显改善。",
        "305 km of river channels were cleaned and water quality improved markedly.",
    ),
    ("新建、加固堤防9.7公里。", "9.7 kilometres of embankments were built or reinforced."),
    (
        "全区27处农村集中式供水水源合格率100%。",
        "all 27 centralized rural water sources met the standard (100%).",
    ),
    ("办结省督转办案件16件", "16 cases referred by provincial inspectors were closed"),
    ("修复松湾片区矿山707公顷", "707 hectares of mines in the Songwan area were restored"),
    (
        "扎实开展第三次全国土壤普查，圆满完成22个剖面点采样及327个表层土壤采样化验。",
        "We carried out the Third National Soil Census, sampling 22 profile points and testing 327 topsoil samples.",
    ),
    (
        "抚育森林5公顷、迹地更新1310亩",
        "tended 5 hectares of forest and regenerated 1,310 mu of cut-over land",
    ),
    (
        "投入200万元拆除改造君成、鑫隆等8户落后产能企业生产线9条。",
        "RMB 2 million was spent to dismantle nine production lines at eight enterprises with outdated capacity.",
    ),
    (
        "投资1.1亿元完成清洁能源改造5538户、提升建筑能效3966户",
        "110 million yuan converted 5,538 households to clean energy and improved energy efficiency for 3,966 households",
    ),
    ("投资120万元建设新能源充电桩29个", "1.2 million yuan built 29 charging piles"),
    (
        "总投资1亿元的淫羊藿中草药仿野生种植项目扎实推进",
        "the RMB 100 million epimedium wild-simulated planting project progressed",
    ),
    ("十件民生实事全部完成。", "All ten livelihood projects were completed."),
    ("十件民生实事全部完成。", "All 10 practical things for the people were done."),
    (
        "全区实现城镇新增就业1415人，农村劳动力转移就业1万人",
        "1,415 new urban jobs were created and 10,000 rural workers found off-farm work",
    ),
    (
        "授信金额2.8亿元，发放创业担保贷款1890万元。",
        "credit lines of 280 million yuan were granted and 18.9 million yuan of business start-up guaranteed loans issued.",
    ),
    ("累计孵化电商企业6个", "six e-commerce companies were incubated"),
    (
        "投资440万元建设社区居家养老服务中心5个、社区老年食堂2个，新增养老服务床位194张",
        "4.4 million yuan built five community elderly care centers and two canteens for seniors, adding 194 beds",
    ),
    (
        "发放各类救助资金8187万元，设立法律援助联系点14个",
        "81.87 million yuan of assistance was paid and 14 legal aid contact points set up",
    ),
    (
        "投资1280万元购置教学仪器设备、建设14所中小学心理辅导室，引进教师29名",
        "12.8 million yuan bought teaching equipment and built counselling rooms in 14 schools; 29 teachers were recruited",
    ),
    (
        "高考重点本科进线率同比增长15%，创历史新高。",
        "the rate of admission to key universities rose 15%, a record high.",
    ),
    (
        "建立医保基层服务点128家，覆盖率100%。",
        "128 grassroots medical insurance service points were set up, covering 100%.",
    ),
    (
        "全面实施医院挂号费、专线公交费、特殊人群住院餐食费三免政策",
        "the three-exemption policy for registration fees, bus fares and inpatient meals was fully implemented",
    ),
    (
        "严格落实“三管三必须”要求，全区4027户企业（商户）实现动态监管。",
        "We enforced the “three musts” requirement; 4,027 enterprises (merchants) are under dynamic supervision.",
    ),
    (
        "深入推进安全生产治本攻坚三年行动",
        "the three-year campaign to tackle the root causes of workplace safety risks was advanced",
    ),
    (
        "落实信访问题六级调处制度",
        "the six-level mediation system for public complaints was implemented",
    ),
    (
        "刑事案件办结率97%，位列全市首位",
        "the closure rate of criminal cases was 97%, first in the city",
    ),
    (
        "认真学习贯彻党的二十届三中全会精神",
        "we studied the guiding principles of the Third Plenary Session of the 20th CPC Central Committee",
    ),
    (
        "全年办理人大代表建议38件、政协委员提案44件。",
        "38 suggestions from deputies and 44 proposals from CPPCC members were handled.",
    ),
    (
        "行政复议案件结案率92.5%。",
        "The closure rate of administrative reconsideration cases was 92.5%.",
    ),
    (
        "办结“区长公开电话”诉求6494件，响应率和办结率100%。",
        "6,494 requests to the District Head's hotline were resolved, with response and resolution rates of 100%.",
    ),
    (
        "全年会议、文件分别压减20%和38%。",
        "Meetings and documents were cut by 20% and 38% respectively.",
    ),
    (
        "全年会议、文件分别压减20%和38%。",
        "Meetings and documents were cut by 20 and 38 percent respectively.",
    ),
    (
        "排查整治乡村振兴、教育医疗等重点领域群众急难愁盼问题233个。",
        "233 pressing problems in key areas such as rural revitalization, education and health care were addressed.",
    ),
    (
        "主要经济指标连续三年保持全市第一梯队",
        "major economic indicators stayed in the city's top tier for three consecutive years",
    ),
    (
        "工业总产值和增加值连续两年实现20%以上的增速",
        "gross industrial output and value added grew more than 20% for two years in a row",
    ),
    (
        "推动化解了历时久、难度大、涉及人员广的35件信访积案，办结了初信初访案件85件",
        "we resolved 35 long-standing petition cases and closed 85 first-time petitions",
    ),
    ("二、2025年工作安排", "II. Work Plan for 2025"),
    (
        "2025年是全面贯彻党的二十届三中全会精神、进一步全面深化改革的关键一年，也是“十四五”规划收官冲刺、“十五五”规划谋篇布局之年",
        "2025 is a key year for implementing the Third Plenary Session of the 20th Party Central Committee, the final year of the 14th Five-Year Plan and the year to lay out the 15th Five-Year Plan",
    ),
    (
        "按照区委九届二十次全会的总体部署",
        "according to the arrangements of the 20th Plenary Session of the Ninth District Party Committee",
    ),
    (
        "地区生产总值同比增长5%以上，规模以上工业总产值增长10%以上",
        "GDP growth of over 5% and growth of at least 10% in gross output of industry above designated size",
    ),
    (
        "实现上述目标，区政府将重点抓好以下8方面工作：",
        "To meet these targets, the district government will focus on the following eight areas:",
    ),
    (
        "（一）聚焦产业体系高质量，打造现代化发展引擎",
        "(1) Focusing on a high-quality industrial system to build an engine of modern development",
    ),
    (
        "（一）聚焦产业体系高质量，打造现代化发展引擎",
        "1. Focusing on a high-quality industrial system",
    ),
    (
        "全年谋划储备产业类项目不少于50个，政府性投资类项目不少于80个，转化率达到40%以上。",
        "At least 50 industrial projects and no fewer than 80 government investment projects will be planned, with a conversion rate above 40%.",
    ),
    (
        "力争全年对上争取各类资金增长20%以上。",
        "We will strive to increase funds secured from higher levels by over 20 percent.",
    ),
    (
        "全年计划实施500万元以上重点项目64个，其中亿元以上项目18个，年度计划投资31.1亿元。",
        "We plan 64 key projects worth more than 5 million yuan each, including 18 worth over 100 million yuan, with planned investment of 3.11 billion yuan.",
    ),
    (
        "全年计划实施500万元以上重点项目64个，其中亿元以上项目18个，年度计划投资31.1亿元。",
        "We plan 64 key projects of over RMB 5 million, 18 of them above RMB 100 million, with RMB 3.11 billion planned for the year.",
    ),
    (
        "重点推进新睿来纳米碳酸钙、干熄焦热电联产等32个新建项目",
        "32 new projects such as nano calcium carbonate and CDQ cogeneration will be advanced",
    ),
    (
        "全年外出招商活动20次以上，对接企业不少于100家，力争签约项目20个以上，落地项目10个以上。",
        "We will hold more than 20 investment promotion events, meet at least 100 companies, and aim to sign over 20 projects and land more than 10.",
    ),
    ("全年新增流转100公顷。", "An additional 100 hectares will be transferred this year."),
    (
        "力争新认定省级科技型中小企业7户以上。",
        "We aim to have at least seven more firms recognised as provincial tech-based SMEs.",
    ),
    (
        "建设“高效办成一件事”窗口、24小时政务自助服务专区",
        "set up “get it done efficiently” windows and 24-hour self-service government zones",
    ),
    (
        "新认证入驻平台企业50户以上，为企业提供信贷支持1000万元。",
        "more than 50 enterprises will join the platform and receive 10 million yuan in credit support.",
    ),
    ("确保粮食播种面积保持在9.8万亩。", "The grain sown area will be kept at 98,000 mu."),
    ("科学施肥9.3万亩。", "Scientific fertilization will cover 93 thousand mu."),
    ("托管面积1.5万亩。", "Contracted services will cover 15,000 mu."),
    (
        "林下参、园参、西洋参种植面积达到7100亩。",
        "The area under forest ginseng, garden ginseng and American ginseng will reach 7,100 mu.",
    ),
    ("力争全年研发人参产品5种以上。", "We aim to develop five or more ginseng products."),
    (
        "积极谋划打造大阳岔镇小东岔村、湾沟镇西川村等5个“百村示范”村。",
        "We will build five “Hundred Model Villages” villages such as Xiaodongcha and Xichuan.",
    ),
    ("全区干净整洁型村庄力争达到90%。", "Clean and tidy villages will reach 90% of the total."),
    (
        "推动脱贫人口人均纯收入增长10%左右。",
        "Per capita net income of people lifted out of poverty will grow by about 10%.",
    ),
    (
        "高标准完成933户问题厕所整改",
        "933 substandard household toilets will be rectified to high standards",
    ),
    (
        "完善区镇村三级国土空间总体规划",
        "improve the three-level territorial spatial master plan for the district, towns and villages",
    ),
    (
        "投资1235万元建设德泰大街、江南街、盛泰桥、湾砂线一号桥等路桥工程",
        "12.35 million yuan will build roads and bridges including Detai Street and the No. 1 Bridge on the Wansha line",
    ),
    (
        "投资1.2亿元建设通屯硬化、生命安全防护、高铁停车场等交通配套工程",
        "RMB 120 million will go to village road hardening, safety protection and a high-speed rail car park",
    ),
    (
        "全力配合做好沈白高铁、白临高速、白山机场三个重大交通基础项目建设。",
        "We will support the three major transport projects: the Shenyang-Baishan railway, the Bailin expressway and Baishan airport.",
    ),
    (
        "投资8000万元实施湾沟镇区安置避险工程",
        "80 million yuan will fund the resettlement project in Wangou town",
    ),
    (
        "投资1624.7万元实施城市综合内涝治理，投资1.2亿元改造污水管网，投资1.3亿元改建城区地下管线",
        "16.247 million yuan for urban waterlogging control, 120 million yuan for sewer networks and 130 million yuan for underground pipelines",
    ),
    ("空气优良天数达到354天以上。", "There will be at least 354 days of good air quality."),
    (
        "投资4770万元实施侵蚀沟治理，投资6610万元保护修复汤河流域生态缓冲带",
        "47.7 million yuan for erosion gully control and 66.1 million yuan for the Tang River ecological buffer",
    ),
    (
        "确保主要河流出境断面水质保持国家Ⅲ类标准。",
        "Water quality at outbound sections of major rivers will stay at national Class III.",
    ),
    (
        "确保粪污综合利用率达到85%，土壤环境持续改善。",
        "The utilization rate of livestock manure will reach 85%, and soil quality will keep improving.",
    ),
    (
        "实现林业有害生物无公害防治3600亩，确保林地保有量达到87万亩。",
        "Pollution-free pest control will cover 3,600 mu, and forest land will be kept at 870,000 mu.",
    ),
    (
        "巩固提升第二轮省级环保督察反馈问题整治成果，做好第三轮中央生态环境保护督察准备工作。",
        "We will consolidate the rectification after the second round of provincial inspections and prepare for the third round of central inspections.",
    ),
    (
        "发放创业担保贷款1000万元，城镇新增就业、失业人员再就业2000人，高校毕业生整体就业率不低于90%。",
        "Guaranteed start-up loans of RMB 10 million will be issued, 2,000 people will find new or renewed jobs, and graduate employment will be no less than 90%.",
    ),
    (
        "推动全区基本医疗保险参保率达到95%以上。",
        "Basic medical insurance coverage will exceed 95%.",
    ),
    (
        "发放社会救助资金不低于8000万元",
        "at least 80 million yuan of social assistance will be paid",
    ),
    ("积极构建“15分钟居家养老服务圈”", "build a “15-minute home-based elderly care circle”"),
    (
        "一般性支出压减10%，三公经费只减不增。",
        "General expenditure will be cut by 10%, and spending on official overseas trips, vehicles and hospitality will only go down.",
    ),
    (
        "锲而不舍落实中央八项规定及其实施细则精神，驰而不息纠“四风”、树新风。",
        "We will observe the central eight-point rules and fight the four forms of decadence.",
    ),
    (
        "常态化落实“两不愁三保障”要求",
        "we ensured the “two assurances and three guarantees” as a matter of routine",
    ),
    (
        "常态化落实“两不愁三保障”要求",
        "we upheld the poverty-relief guarantees as a matter of routine",
    ),
    (
        "一年来，我们坚持精准发力，综合实力迈上新台阶。",
        "Over the past year, we made targeted efforts and raised our overall strength.",
    ),
    (
        "一年来，我们坚持精准发力，综合实力迈上新台阶。",
        "In the past year, our overall strength reached a new level.",
    ),
    (
        "2024年是实施“十四五”规划承上启下的关键之年。",
        "2024 was a pivotal year for implementing the 14th Five-Year Plan.",
    ),
    (
        "坚决兜牢兜实“三保”底线。",
        "We will firmly ensure basic living needs, wages and government operation.",
    ),
    ("认真履行“一岗双责”", "fulfil the dual responsibilities of each post"),
    (
        "严格落实“三重一大”集体决策制度",
        "strictly apply collective decision-making on major matters",
    ),
    ("全面落实信访工作“五个法治化”", "fully apply the law-based approach to public complaints"),
    ("推动文、旅、体一体化融合发展", "integrate culture, tourism and sports"),
    ("持续推进“双随机、一公开”", "continue random inspections with public results"),
    ("实现秸秆全域禁烧“零”火点", "zero fire points under the straw-burning ban"),
    (
        "加快打造“一核一带一环线”及“三区四业五城”",
        "build one core, one belt and one loop, plus three zones, four industries and five cities",
    ),
    (
        "在全省首次颁发了林下空间经营权证",
        "issued the province's first certificates of under-forest operation rights",
    ),
    ("中共南满一大会议遗址", "the site of the First Congress of the CPC in South Manchuria"),
    (
        "王德泰及抗联二军展览全面开放",
        "the exhibition on Wang Detai and the Second Army of the Anti-Japanese Allied Forces opened",
    ),
    ("长白山·365里路", "Changbai Mountain 365 Li Road"),
    ("2024年1—6月", "January to June 2024"),
    ("2024年1—6月", "from January to June in 2024"),
    ("二〇二四年十二月二十八日", "December 28, 2024"),
    ("一百二十万人", "1.2 million people"),
    ("三千二百户", "3,200 households"),
    ("增长百分之二十", "up 20 percent"),
    ("下降0.5个百分点", "down 0.5 percentage points"),
    ("增长3至5个百分点", "a rise of 3 to 5 percentage points"),
    ("投资3—5亿元", "an investment of 300-500 million yuan"),
    ("投资3—5亿元", "an investment of 300 million to 500 million yuan"),
    ("增长2倍", "a two-fold increase"),
    ("全国１６.７亿元", "1.67 billion yuan nationwide"),
    ("约1.2万亿元", "about 1.2 trillion yuan"),
]

# (Chinese, English with a slip)
# Figures in the style of a national government work report (not from the sample): a percent
# followed by an amount ("rose 8.1% to 3.3 trillion") is two figures, not a range.
PASS += [
    (
        "国内生产总值超过126万亿元，增长5.2%。",
        "GDP exceeded 126 trillion yuan, growing 5.2 percent.",
    ),
    ("研发经费投入增长8.1%，达到3.3万亿元。", "R&D spending rose 8.1% to 3.3 trillion yuan."),
    ("建成5G基站337.7万个。", "3.377 million 5G base stations were built."),
    (
        "赤字率拟按3%安排，赤字规模4.06万亿元。",
        "The deficit ratio is set at 3%, with a deficit of 4.06 trillion yuan.",
    ),
    (
        "拟安排超长期特别国债1万亿元。",
        "We plan to issue one trillion yuan of ultra-long special treasury bonds.",
    ),
]

FAIL: list[tuple[str, str]] = [
    ("研发经费投入增长8.1%，达到3.3万亿元。", "R&D spending rose 8.1% to 33 trillion yuan."),
    ("城镇新增就业1244万人。", "1.244 million new urban jobs were added."),
    ("全年争取预算内资金16.7亿元", "secured 167 million yuan of budgetary funds"),
    ("全年争取预算内资金16.7亿元", "secured 16.7 billion yuan of budgetary funds"),
    ("全年争取预算内资金16.7亿元", "secured RMB 1.67 million of budgetary funds"),
    ("全年争取预算内资金16.7亿元", "secured 1.6 billion yuan of budgetary funds"),
    ("新增债券资金5.4亿元", "new bond funds of 5.4 billion yuan"),
    ("新增债券资金5.4亿元", "new bond funds of 54 million yuan"),
    (
        "投资3246万元提质更新高标准农田3.24万亩",
        "32.46 million yuan upgraded 3.24 million mu of farmland",
    ),
    ("投资3246万元提质更新高标准农田3.24万亩", "3.246 billion yuan upgraded 32,400 mu of farmland"),
    ("投资3246万元提质更新高标准农田3.24万亩", "324.6 million yuan upgraded 32,400 mu of farmland"),
    ("投资3246万元提质更新高标准农田3.24万亩", "32.46 million yuan upgraded 3,240 mu of farmland"),
    (
        "投资3246万元提质更新高标准农田3.24万亩",
        "32.46 million yuan upgraded 32,400 hectares of farmland",
    ),
    ("粮食产量突破6000万斤", "grain output exceeded 600 million jin"),
    ("粮食产量突破6000万斤", "grain output exceeded 6 million jin"),
    ("粮食产量突破6000万斤", "grain output exceeded 6,000 jin"),
    ("特色种植面积2.5万亩以上", "specialty crops on over 250,000 mu"),
    ("特色种植面积2.5万亩以上", "specialty crops on over 2,500 mu"),
    ("政银企合作平台助企融资8.1亿元", "the platform raised RMB 81 million"),
    ("普惠小微贷款7.1亿元", "inclusive loans of 7.1 billion yuan"),
    ("完成投资7262万元", "invested 7.262 million yuan"),
    ("完成投资7262万元", "invested 726.2 million yuan"),
    ("新注册登记市场主体1245户", "124 new market entities registered"),
    ("规上服务业营业收入同比增长44.5%", "services revenue rose 4.45%"),
    ("规上服务业营业收入同比增长44.5%", "services revenue rose 45.5%"),
    ("电商网络零售额同比增长30.3%", "online retail sales grew 3.3%"),
    ("电商网络零售额同比增长30.3%", "online retail sales grew 30 percent"),
    ("规模以上工业增加值同比增长20%", "industrial value added rose 2%"),
    ("规模以上工业增加值同比增长20%", "industrial value added rose 200%"),
    ("预计全年地区生产总值同比增长5%", "GDP is expected to grow by 5.5%"),
    ("脱贫人口人均纯收入达到16010元", "per capita income reached 1,601 yuan"),
    ("脱贫人口人均纯收入达到16010元", "per capita income reached 160,100 yuan"),
    ("脱贫人口人均纯收入达到16010元", "per capita income reached 16,100 yuan"),
    ("新建改造街路2.1万平方米", "2.1 million square meters of streets were rebuilt"),
    ("新建改造街路2.1万平方米", "2,100 square meters of streets were rebuilt"),
    ("整治违规占道经营240余处", "more than 24 street-vending sites were cleared"),
    ("栽植时令花卉16.2万株", "1.62 million flowers were planted"),
    ("栽植时令花卉16.2万株", "16,200 flowers were planted"),
    ("覆绿公路沿线80公里", "8 kilometers of roadside were greened"),
    ("全年空气质量优良天数比例达到97%以上", "good air days exceeded 9.7%"),
    ("全年空气质量优良天数比例达到97%以上", "good air days exceeded 79%"),
    ("修复松湾片区矿山707公顷", "77 hectares of mines were restored"),
    ("修复松湾片区矿山707公顷", "707 mu of mines were restored"),
    ("投资1.1亿元完成清洁能源改造5538户", "11 million yuan converted 5,538 households"),
    ("投资1.1亿元完成清洁能源改造5538户", "1.1 billion yuan converted 5,538 households"),
    ("投资1.1亿元完成清洁能源改造5538户", "110 million yuan converted 538 households"),
    ("总投资1亿元的淫羊藿中草药仿野生种植项目", "the 10-million-yuan epimedium project"),
    ("总投资1亿元的淫羊藿中草药仿野生种植项目", "the 1 billion yuan epimedium project"),
    ("农村劳动力转移就业1万人", "1,000 rural workers found off-farm jobs"),
    ("农村劳动力转移就业1万人", "100,000 rural workers found off-farm jobs"),
    ("授信金额2.8亿元", "credit lines of 28 million yuan"),
    ("发放创业担保贷款1890万元", "guaranteed loans of 189 million yuan"),
    ("发放创业担保贷款1890万元", "guaranteed loans of 1.89 million yuan"),
    ("发放各类救助资金8187万元", "assistance of 8.187 million yuan was paid"),
    ("发放各类救助资金8187万元", "assistance of 81.8 million yuan was paid"),
    ("行政复议案件结案率92.5%", "the closure rate was 92%"),
    ("行政复议案件结案率92.5%", "the closure rate was 9.25%"),
    ("全年会议、文件分别压减20%和38%", "meetings and documents were cut by 20% and 3.8%"),
    ("全年会议、文件分别压减20%和38%", "meetings and documents were cut by 20% and 28%"),
    ("年度计划投资31.1亿元", "planned investment of 311 million yuan"),
    ("年度计划投资31.1亿元", "planned investment of 31.1 billion yuan"),
    ("其中亿元以上项目18个", "including 18 projects worth over 10 million yuan"),
    ("其中亿元以上项目18个", "including 8 projects worth over 100 million yuan"),
    ("全年开复工500万元以上重点项目52个", "52 key projects worth over 500,000 yuan each"),
    ("全年开复工500万元以上重点项目52个", "52 key projects worth over 50 million yuan each"),
    ("全年开复工500万元以上重点项目52个", "25 key projects worth over 5 million yuan each"),
    ("确保粮食播种面积保持在9.8万亩", "grain area kept at 980,000 mu"),
    ("确保粮食播种面积保持在9.8万亩", "grain area kept at 9,800 mu"),
    ("确保林地保有量达到87万亩", "forest land of 8.7 million mu"),
    ("确保林地保有量达到87万亩", "forest land of 87,000 mu"),
    ("投资1624.7万元实施城市综合内涝治理", "16.47 million yuan for waterlogging control"),
    ("投资1624.7万元实施城市综合内涝治理", "162.47 million yuan for waterlogging control"),
    ("投资1.3亿元改建城区地下管线", "13 million yuan for underground pipelines"),
    ("投资6610万元保护修复汤河流域生态缓冲带", "661 million yuan for the Tang River buffer"),
    ("空气优良天数达到354天以上", "at least 345 days of good air quality"),
    ("确保粪污综合利用率达到85%", "manure utilization will reach 8.5%"),
    ("推动全区基本医疗保险参保率达到95%以上", "insurance coverage will exceed 9.5%"),
    ("高校毕业生整体就业率不低于90%", "graduate employment no less than 9%"),
    ("发放社会救助资金不低于8000万元", "at least 800 million yuan of assistance"),
    ("发放社会救助资金不低于8000万元", "at least 8 million yuan of assistance"),
    ("十件民生实事全部完成", "all nine livelihood projects were completed"),
    ("十件民生实事全部完成", "all 100 livelihood projects were completed"),
    (
        "——2024年12月28日在白山市江源区第十届人民代表大会",
        "on December 28, 2023 at the Tenth People's Congress",
    ),
    (
        "——2024年12月28日在白山市江源区第十届人民代表大会",
        "on December 18, 2024 at the Tenth People's Congress",
    ),
    (
        "——2024年12月28日在白山市江源区第十届人民代表大会",
        "on December 28, 2024 at the Eleventh People's Congress",
    ),
    ("第四次会议上", "at its Fifth Session"),
    ("扎实开展第三次全国土壤普查", "carried out the second national soil census"),
    ("成功举办2024年新春禧乐会", "the 2025 Spring Festival gala was held"),
    ("下降0.5个百分点", "down 0.5 percent"),
    ("增长2个百分点", "up 2%"),
    ("增长百分之二十", "up 2 percent"),
    ("增长百分之二十", "up 20 percentage points"),
    ("一百二十万人", "120,000 people"),
    ("三千二百户", "320 households"),
    ("年产1亿立方米LNG项目", "an LNG project producing 10 million cubic meters a year"),
    ("组建31个重大项目工作专班", "set up 13 task forces"),
    ("全年赴北京、山东等14个省市对接企业96家", "visited 14 provinces to meet 69 enterprises"),
    ("投资3458万元打造“千村美丽”村9个", "34.58 million yuan built 19 beautiful villages"),
    ("累计孵化电商企业6个", "incubated sixty e-commerce companies"),
    ("投资3—5亿元", "an investment of 3-5 million yuan"),
    ("约1.2万亿元", "about 1.2 billion yuan"),
    (
        "按照区委九届二十次全会的总体部署",
        "according to the 21st Plenary Session of the Ninth Committee",
    ),
]


@pytest.mark.parametrize(("zh", "en"), PASS)
def test_correct_rendering_passes(zh: str, en: str) -> None:
    assert compare_numbers(zh, en) == []


@pytest.mark.parametrize(("zh", "en"), FAIL)
def test_slip_is_caught(zh: str, en: str) -> None:
    assert compare_numbers(zh, en), f"missed slip: {zh!r} -> {en!r}"


def test_table_size_and_rates() -> None:
    """The figures quoted in the QA report: false-alarm and miss rates over the table."""
    assert len(PASS) + len(FAIL) >= 100
    false_alarms = sum(1 for zh, en in PASS if compare_numbers(zh, en))
    misses = sum(1 for zh, en in FAIL if not compare_numbers(zh, en))
    assert false_alarms / len(PASS) == 0
    assert misses / len(FAIL) == 0


# --- messages ----------------------------------------------------------------------------------


def test_message_states_both_values() -> None:
    [problem] = compare_numbers("全年争取预算内资金16.7亿元", "secured 167 million yuan")
    assert problem.kind == "missing"
    assert problem.message.startswith("16.7亿元 = 1,670,000,000; English has 167,000,000")


def test_points_rendered_as_percent_is_a_unit_problem() -> None:
    [problem] = compare_numbers("下降0.5个百分点", "down 0.5 percent")
    assert problem.kind == "unit"
    assert "percentage points" in problem.message


def test_units_compared_only_when_both_named() -> None:
    assert compare_numbers("修复矿山707公顷", "707 of mines were restored") == []
    [problem] = compare_numbers("修复矿山707公顷", "707 mu of mines")
    assert problem.kind == "unit"


def test_unexpected_english_number() -> None:
    [problem] = compare_numbers(
        "十件民生实事全部完成。", "All ten projects were completed by 2025."
    )
    assert problem.kind == "unexpected"
    assert problem.en is not None and problem.en.text == "2025"


def test_relative_year_explains_english_year() -> None:
    assert (
        compare_numbers("今年完成投资1亿元。", "In 2025, 100 million yuan will be invested.") == []
    )


# --- Chinese extractor ---------------------------------------------------------------------------


def _zh(text: str) -> list[tuple[str, Decimal, str, str | None, bool, bool]]:
    return [(q.text, q.value, q.kind, q.unit, q.approx, q.optional) for q in extract_zh(text)]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百二十", 120),
        ("一百零五", 105),
        ("三千二百", 3200),
        ("两", 2),
        ("两千", 2000),
        ("一百二十万", 1_200_000),
        ("三万亿", 3 * 10**12),
        ("一亿零五百万", 105_000_000),
        ("〇", 0),
        ("二〇二四", 2024),
        ("千", 1000),
    ],
)
def test_zh_numeral_values(numeral: str, value: int) -> None:
    assert zh_numeral_value(numeral) == value


@pytest.mark.parametrize("numeral", ["十四五", "三万五", "二二十", ""])
def test_zh_numeral_refuses_non_numerals(numeral: str) -> None:
    assert zh_numeral_value(numeral) is None


def test_zh_scales_units_and_approx() -> None:
    assert _zh("投资3246万元，农田3.24万亩，整治240余处，达到97%以上") == [
        ("3246万元", Decimal(32_460_000), "number", "yuan", False, False),
        ("3.24万亩", Decimal(32_400), "number", "mu", False, False),
        ("240余", Decimal(240), "number", None, True, False),
        ("97%以上", Decimal(97), "percent", None, True, False),
    ]


def test_zh_full_width_digits_and_thousands_separator() -> None:
    [q] = extract_zh("资金１６.７亿元")
    assert (q.value, q.unit, q.text) == (Decimal(1_670_000_000), "yuan", "１６.７亿元")
    [q] = extract_zh("共1,245户")
    assert (q.value, q.unit) == (Decimal(1245), "household")


def test_zh_dates_years_and_ordinals() -> None:
    got = _zh("2024年12月28日在第十届人民代表大会第四次会议上，2025年")
    assert [(t, v, k) for t, v, k, *_ in got] == [
        ("2024年12月28日", Decimal(20241228), "date"),
        ("第十", Decimal(10), "ordinal"),
        ("第四", Decimal(4), "ordinal"),
        ("2025年", Decimal(2025), "year"),
    ]


def test_zh_percent_points_times_and_ranges() -> None:
    assert [
        (q.value, q.kind) for q in extract_zh("百分之二十，0.5个百分点，2倍，3至5个百分点")
    ] == [
        (Decimal(20), "percent"),
        (Decimal("0.5"), "points"),
        (Decimal(2), "times"),
        (Decimal(3), "points"),
        (Decimal(5), "points"),
    ]
    assert [q.value for q in extract_zh("3—5亿元")] == [Decimal(300_000_000), Decimal(500_000_000)]


def test_zh_slogans_and_fixed_words_are_optional() -> None:
    for text in [
        "“两不愁三保障”",
        "一年来",
        "一批项目",
        "一体化",
        "三保底线",
        "纠“四风”",
        "七中体育馆",
        "“千村美丽”村",
        "一岗双责",
    ]:
        assert all(q.optional for q in extract_zh(text)), text


def test_zh_counted_numerals_are_required() -> None:
    [q] = extract_zh("十件民生实事")
    assert (q.value, q.optional) == (Decimal(10), False)
    [q] = extract_zh("中央八项规定")
    assert (q.value, q.optional) == (Decimal(8), False)
    [q] = extract_zh("其中亿元以上项目")
    assert (q.value, q.unit, q.optional) == (Decimal(100_000_000), "yuan", False)


def test_zh_codes_glued_to_letters_are_not_quantities() -> None:
    assert extract_zh("PM2.5、Rg3系列、5G网络、3A级景区") == []


# --- English extractor ---------------------------------------------------------------------------


def _en(text: str) -> list[tuple[Decimal, str, str | None]]:
    return [(q.value, q.kind, q.unit) for q in extract_en(text)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1.67 billion yuan", 1_670_000_000, "yuan"),
        ("RMB 1.67 billion", 1_670_000_000, "yuan"),
        ("RMB1.67bn", 1_670_000_000, "yuan"),
        ("yuan 1.67 billion", 1_670_000_000, "yuan"),
        ("1,670 million yuan", 1_670_000_000, "yuan"),
        ("32,400 mu", 32_400, "mu"),
        ("32.4 thousand mu", 32_400, "mu"),
        ("3,246 ten thousand yuan", 32_460_000, "yuan"),
        ("one hundred and twenty thousand", 120_000, None),
        ("twenty-one", 21, None),
        ("80 kilometers", 80, "km"),
        ("2.1 thousand square meters", 2100, "m2"),
        ("100 million cubic metres", 100_000_000, "m3"),
        ("707 hectares", 707, "hectare"),
        ("5,538 households", 5538, "household"),
        ("a dozen", 12, None),
    ],
)
def test_en_values_and_units(text: str, value: int, unit: str | None) -> None:
    [q] = extract_en(text)
    assert (q.value, q.unit) == (Decimal(value), unit)


def test_en_kinds() -> None:
    assert _en("20%, 20 percent, 0.5 percentage points, the tenth, 10th, 2024, two-fold") == [
        (Decimal(20), "percent", None),
        (Decimal(20), "percent", None),
        (Decimal("0.5"), "points", None),
        (Decimal(10), "ordinal", None),
        (Decimal(10), "ordinal", None),
        (Decimal(2024), "year", None),
        (Decimal(2), "times", None),
    ]


def test_en_dates() -> None:
    assert [
        q.value for q in extract_en("December 28, 2024; 28 December 2024; 2024-12-28; December 28")
    ] == [
        Decimal(20241228),
        Decimal(20241228),
        Decimal(20241228),
        Decimal(1228),
    ]
    # "may" the verb and a bare "March" are not months
    assert extract_en("we may march on") == []


def test_en_approx_and_ranges() -> None:
    qs = extract_en("more than 240 sites, 97% or above, 3 to 5 million")
    assert [q.approx for q in qs] == [True, True, False, False]
    assert [q.value for q in qs][2:] == [Decimal(3_000_000), Decimal(5_000_000)]


def test_en_one_and_first_are_optional() -> None:
    assert all(
        q.optional for q in extract_en("one of the first to offer one-stop service, half of it")
    )


def test_en_codes_are_not_quantities() -> None:
    assert extract_en("PM2.5 and Rg3 and 5G and COVID-19") == []


def test_quantity_is_frozen() -> None:
    q = Quantity(Decimal(1), "number", None, "1", 0, 1)
    with pytest.raises(AttributeError):
        q.value = Decimal(2)  # type: ignore[misc]


# --- Issue 12: the false alarms and misses measured on the national reports' official English ---

# (Chinese, official English, report year): must pass.
OFFICIAL_PASS: list[tuple[str, str, int]] = [
    (
        "回顾过去一年，多重困难挑战交织叠加",
        "Looking back at 2023, we faced an array of difficulties",
        2024,
    ),
    (
        "一年来，我们深入学习贯彻党的二十大精神",
        "Last year, we studied the 20th CPC National Congress",
        2024,
    ),
    ("全年新增税费优惠超过2.2万亿元", "In 2024, tax and fee cuts exceeded 2.2 trillion yuan", 2025),
    ("全年新增税费优惠超过2.2万亿元", "In 2024, tax and fee cuts exceeded 2.2 trillion yuan", 2024),
    (
        "比上年年初预算增加1800亿元",
        "an increase of 180 billion yuan over the 2023 budget figure",
        2024,
    ),
    ("比上年增加1800亿元", "an increase of 180 billion yuan over the 2024 budget", 2025),
    ("今年先发行1万亿元", "One trillion yuan of such bonds will be issued in 2024", 2024),
    ("粮食产量1.43万亿斤", "Grain output reached 715 million metric tons", 2025),
    (
        "粮食产量1.39万亿斤，再创历史新高",
        "Grain output reached a record of 695 million metric tons",
        2024,
    ),
    (
        "实施新一轮千亿斤粮食产能提升行动",
        "increase grain production capacity by 50 million metric tons",
        2024,
    ),
    ("新增装机1.3亿千瓦", "130 gigawatts of capacity were added", 2025),
    ("新增装机1.3亿千瓦", "130 million kilowatts of capacity were added", 2025),
    ("新增装机1.3亿千瓦", "130,000 MW of capacity were added", 2025),
    ("改造农田3万亩", "2,000 hectares of farmland were upgraded", 2025),
    ("建成绿道1200公里", "1,200 kilometers of greenways were built", 2025),
    ("改造老旧小区150万平方米", "1.5 million square meters of old compounds were renovated", 2025),
    ("改造老旧小区150万平方米", "150 hectares of old compounds were renovated", 2025),
    ("提高“一老一小”扣除标准，6600多万纳税人受益", "Over 66 million taxpayers benefited", 2024),
    ("惠及1100多万学生", "benefiting more than 11 million college students", 2024),
    ("惠及三十多万人", "benefiting more than 300,000 people", 2024),
    (
        "打好实现建军一百年奋斗目标攻坚战",
        "meet the centenary goal of the People's Liberation Army",
        2024,
    ),
    ("统筹国内国际两个大局", "take into account both domestic and international imperatives", 2024),
    (
        "坚持一个中国原则和“九二共识”",
        "adhere to the one-China principle and the 1992 Consensus",
        2024,
    ),
    (
        "一般公共预算收入13697.5亿元",
        "general public budget revenue reached 1.37 trillion yuan",
        2024,
    ),
    ("建成数十个产业园区", "dozens of industrial parks were built", 2024),
    (
        "成都大运会、杭州亚运会成功举办",
        "The 2021 FISU World University Games in Chengdu and the 19th Asian Games were held",
        2024,
    ),
    ("促进各类要素双向流动", "promote the two-way flow of production factors", 2024),
    (
        "加快实施“十四五”规划重大工程项目",
        "implement major projects of the 14th Five-Year Plan",
        2024,
    ),
    ("二十届二中全会", "the Second Plenary Session of the 20th CPC Central Committee", 2024),
    ("党的二十届三中全会", "the third plenary session of the 20th CPC Central Committee", 2025),
    ("经济总量翻一番", "the size of the economy doubled", 2024),
    ("占全省三分之一", "one third of the province's total", 2024),
    ("出口增长近30%", "there was a 30-percent increase in exports", 2024),
]

# (Chinese, English with an error, report year): must raise a problem.
OFFICIAL_FAIL: list[tuple[str, str, int]] = [
    ("6600多万纳税人受益", "Over 6,600 taxpayers benefited", 2024),
    ("比上年增加1800亿元", "an increase of 180 billion yuan over the 2023 budget", 2025),
    ("比上年增加1800亿元", "an increase of 180 billion yuan over the 2025 budget", 2025),
    ("回顾过去一年", "Looking back at 2022", 2024),
    ("今年先发行1万亿元", "One trillion yuan of such bonds will be issued in 2023", 2024),
    (
        "党的二十大和二十届二中全会",
        "the 2th CPC National Congress and the Second Plenary Session of the 20th CPC Central Committee",
        2024,
    ),
    (
        "加快实施“十四五”规划重大工程项目",
        "implement major projects of the 1th Five-Year Plan",
        2024,
    ),
    ("二十届三中全会", "the Second Plenary Session of the 20th CPC Central Committee", 2025),
    ("粮食产量1.43万亿斤", "Grain output reached 715 billion metric tons", 2025),
    ("新增装机1.3亿千瓦", "13 gigawatts of capacity were added", 2025),
    (
        "一般公共预算收入13697.5亿元",
        "general public budget revenue reached 1.47 trillion yuan",
        2024,
    ),
    ("城镇新增就业1244万人", "1.244 million urban jobs were added", 2024),
    ("增长5.2%", "an increase of 5.2 percentage points", 2024),
]


@pytest.mark.parametrize(("zh", "en", "year"), OFFICIAL_PASS)
def test_official_renderings_pass(zh: str, en: str, year: int) -> None:
    assert compare_numbers(zh, en, year=year) == []


@pytest.mark.parametrize(("zh", "en", "year"), OFFICIAL_FAIL)
def test_injected_errors_are_caught(zh: str, en: str, year: int) -> None:
    assert compare_numbers(zh, en, year=year)


def test_without_a_report_year_relative_years_stay_lenient() -> None:
    assert compare_numbers("回顾过去一年", "Looking back at 2022") == []


def test_a_figure_written_twice_must_be_rendered_twice() -> None:
    zh = "党的二十大和二十届二中全会精神"
    assert (
        compare_numbers(zh, "the 20th Congress and the Second Plenary of the 20th Committee") == []
    )
    problems = compare_numbers(zh, "the Congress and the Second Plenary of the 20th Committee")
    assert [p.kind for p in problems] == ["missing"]


def test_report_year_from_headings_title_and_dateline() -> None:
    from workbench.qa.numbers import detect_report_year

    assert detect_report_year(["2026年上海市政府工作报告", "一、2025年工作回顾"]) == 2026
    assert detect_report_year(["现在，我代表国务院", "一、2023年工作回顾"]) == 2024
    assert detect_report_year(["——2024年12月28日在白山市江源区第十届人民代表大会"]) == 2025
    assert detect_report_year(["二、2025年工作安排"]) == 2025
    assert detect_report_year(["没有年份"]) is None
