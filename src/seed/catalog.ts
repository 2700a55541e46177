/**
 * Demo catalogue: shops for the demo enterprises and about 200 products across the pavilions,
 * written from what Rongchang actually makes and sells. Idempotent: a shop that exists keeps
 * its products; SKU codes are stable.
 */
import type { ProductInput } from '../modules/catalog/index.ts';
import type { Platform } from '../platform.ts';

interface Base {
  pavilion: string;
  title: string;
  subtitle: string;
  description: string;
  town: string;
  gi?: Array<'rongchang_pig' | 'rongchang_ramie_cloth' | 'rongchang_pottery'>;
  attributes?: Record<string, string>;
  /** Variants: label and price in yuan. */
  variants: Array<[string, number]>;
  /** Product lines: the base is listed once per line, e.g. colours or styles. */
  lines: string[];
}

interface DemoShop {
  ownerPhone: string;
  name: string;
  description: string;
  promises: string[];
  code: string;
  items: Base[];
}

const ANFU = '500153005';
const PANLONG = '500153102';
const CHANGYUAN = '500153001';
const FENGGAO = '500153006';
const QINGJIANG = '500153107';
const QINGLIU = '500153112';

export const DEMO_SHOPS: DemoShop[] = [
  {
    ownerPhone: '13900000001',
    name: '安陶文创旗舰店',
    description: '安富陶宝古街百年窑口，传承荣昌陶“红如枣、薄如纸、亮如镜、声如磬”的工艺。',
    promises: ['7天无理由退货', '破损包赔', '48小时发货'],
    code: 'AT',
    items: [
      { pavilion: 'pottery', title: '荣昌陶餐具套装', subtitle: '家用碗碟', description: '釉下彩餐具，可用于微波炉与洗碗机。', town: ANFU, gi: ['rongchang_pottery'], variants: [['四人份', 198], ['六人份', 288]], lines: ['青花', '海棠', '素白', '粗陶'] },
      { pavilion: 'pottery', title: '荣昌陶茶叶罐', subtitle: '密封防潮', description: '陶罐配木塞，储存普洱、红茶。', town: ANFU, gi: ['rongchang_pottery'], variants: [['小号', 58], ['大号', 98]], lines: ['朱泥', '黑陶', '青釉', '窑变'] },
      { pavilion: 'pottery', title: '安陶酒坛', subtitle: '储酒养酒', description: '陶坛储酒，越陈越香。', town: ANFU, gi: ['rongchang_pottery'], variants: [['5斤', 88], ['10斤', 138], ['30斤', 288]], lines: ['素坛', '刻字坛', '龙纹坛'] },
      { pavilion: 'home', title: '荣昌陶茶盘', subtitle: '储水式', description: '整块陶板烧制，带储水仓。', town: ANFU, variants: [['40cm', 168], ['60cm', 268]], lines: ['圆形', '长方形', '月牙形'] },
      { pavilion: 'pottery', title: '荣昌安陶功夫茶具套装', subtitle: '手工拉坯 柴窑烧制', description: '一壶四杯一公道，泥料取自安富本地红土，适合冲泡普洱、岩茶。', town: ANFU, gi: ['rongchang_pottery'], attributes: { 材质: '荣昌红陶', 工艺: '手工拉坯' }, variants: [['一壶四杯', 268], ['一壶六杯', 328]], lines: ['朱泥红', '青釉', '黑金釉', '天目釉', '粉青釉'] },
      { pavilion: 'pottery', title: '荣昌陶手绘花瓶', subtitle: '海棠花纹 客厅摆件', description: '以荣昌区花海棠为纹样，匠人手绘釉下彩，每只纹样略有不同。', town: ANFU, gi: ['rongchang_pottery'], attributes: { 高度: '28cm' }, variants: [['小号', 168], ['大号', 298]], lines: ['海棠纹', '山水纹', '竹韵纹', '梅花纹', '荷花纹'] },
      { pavilion: 'pottery', title: '安陶泡菜坛', subtitle: '老式土陶 川渝家家必备', description: '坛沿注水密封，做四川泡菜、酸萝卜不生花。', town: ANFU, gi: ['rongchang_pottery'], variants: [['5斤装', 58], ['10斤装', 88], ['20斤装', 128]], lines: ['本色', '釉面', '双耳款'] },
      { pavilion: 'pottery', title: '荣昌陶主人杯', subtitle: '薄胎 声如磬', description: '单只品茗杯，胎薄釉亮，轻叩有磬音。', town: ANFU, gi: ['rongchang_pottery'], variants: [['单只', 68], ['对杯礼盒', 138]], lines: ['朱泥', '紫泥', '绿泥', '段泥'] },
      { pavilion: 'home', title: '陶艺香薰炉', subtitle: '镂空雕花 书房摆件', description: '荣昌陶镂空雕刻，适用线香与盘香。', town: ANFU, variants: [['标准款', 98]], lines: ['莲花', '祥云', '海棠', '如意'] },
      { pavilion: 'home', title: '陶瓷多肉花盆', subtitle: '透气红陶 阳台园艺', description: '红陶透气不烂根，适合多肉、兰花。', town: ANFU, variants: [['三只装', 39], ['六只装', 69]], lines: ['圆形', '方形', '六角'] },
    ],
  },
  {
    ownerPhone: '13900000002',
    name: '盘龙夏布工坊',
    description: '盘龙镇夏布织造专业合作社，苎麻手绩手织，国家级非物质文化遗产。',
    promises: ['非遗手作', '7天无理由退货'],
    code: 'XB',
    items: [
      { pavilion: 'ramie_cloth', title: '夏布书签文创', subtitle: '研学伴手礼', description: '夏布书签配流苏，十枚装。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['十枚装', 39]], lines: ['海棠', '熊猫', '古镇', '山水'] },
      { pavilion: 'ramie_cloth', title: '夏布立领衬衫', subtitle: '苎麻手织面料', description: '夏布面料剪裁，透气凉爽。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['M', 398], ['L', 398], ['XL', 418]], lines: ['本色男款', '靛蓝男款', '本色女款', '靛蓝女款'] },
      { pavilion: 'ramie_cloth', title: '夏布手提包', subtitle: '非遗文创', description: '夏布拼皮手提包，内衬口袋。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['标准款', 228]], lines: ['托特款', '斜挎款', '手拿款', '帆布拼色'] },
      { pavilion: 'home', title: '夏布灯罩', subtitle: '柔光氛围', description: '夏布灯罩透光柔和，适配E27灯座。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['台灯款', 168], ['吊灯款', 238]], lines: ['圆筒', '斗笠', '方形'] },
      { pavilion: 'ramie_cloth', title: '荣昌夏布手工围巾', subtitle: '苎麻手织 透气轻薄', description: '盘龙镇织娘手工织造，越洗越软，四季可用。', town: PANLONG, gi: ['rongchang_ramie_cloth'], attributes: { 材质: '100%苎麻', 尺寸: '180×60cm' }, variants: [['标准款', 128], ['加宽款', 168]], lines: ['本色', '靛蓝', '茜草红', '姜黄', '墨灰', '苏木紫'] },
      { pavilion: 'ramie_cloth', title: '夏布刺绣桌旗', subtitle: '茶席布置 中式雅致', description: '夏布为底，手工刺绣海棠纹，适用茶桌、餐桌。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['150cm', 198], ['200cm', 258]], lines: ['海棠绣', '竹叶绣', '素面', '兰草绣'] },
      { pavilion: 'ramie_cloth', title: '荣昌夏布面料（按米）', subtitle: '服装定制 手工面料', description: '门幅约70cm，适合做衬衫、旗袍、手作包。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['1米', 86], ['5米', 398]], lines: ['细布', '中布', '粗布', '染色细布'] },
      { pavilion: 'ramie_cloth', title: '夏布折扇面团扇', subtitle: '夏布与扇艺结合', description: '夏布扇面配竹扇骨，夏日纳凉佳品。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['单把', 88]], lines: ['团扇', '折扇'] },
      { pavilion: 'home', title: '夏布抱枕套', subtitle: '透气亲肤 沙发靠垫', description: '夏布抱枕套不含芯，隐形拉链。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['45×45cm', 79], ['50×50cm', 89]], lines: ['本色', '靛蓝', '灰绿', '米白'] },
      { pavilion: 'home', title: '夏布茶席杯垫', subtitle: '六片装', description: '吸水速干的夏布杯垫，锁边工艺。', town: PANLONG, gi: ['rongchang_ramie_cloth'], variants: [['六片装', 49]], lines: ['方形', '圆形'] },
    ],
  },
  {
    ownerPhone: '13900000003',
    name: '荣昌卤鹅老字号',
    description: '昌元街道三十年卤鹅老店，真空锁鲜，冷链直发全国。',
    promises: ['冷链配送', '坏单包赔', '当日发货'],
    code: 'LE',
    items: [
      { pavilion: 'food', title: '荣昌卤鹅礼盒', subtitle: '年货送礼', description: '整鹅配鹅翅鹅掌，礼盒包装。', town: CHANGYUAN, variants: [['标准礼盒', 198], ['豪华礼盒', 298]], lines: ['家宴款', '商务款', '年货款'] },
      { pavilion: 'food', title: '荣昌豆腐干', subtitle: '卤香入味', description: '手工压制豆干，卤汁慢煮。', town: CHANGYUAN, variants: [['250g', 18], ['500g', 32]], lines: ['五香', '麻辣', '烟熏', '泡椒'] },
      { pavilion: 'food', title: '卤猪耳朵', subtitle: '凉拌下酒', description: '荣昌猪耳卤制，切片即食。', town: CHANGYUAN, gi: ['rongchang_pig'], variants: [['300g', 42], ['600g', 78]], lines: ['五香', '红油'] },
      { pavilion: 'food', title: '荣昌卤鹅整只装', subtitle: '古法卤制 真空锁鲜', description: '选用本地白鹅，二十余味香料卤制，开袋即食。', town: CHANGYUAN, attributes: { 保质期: '15天（冷藏）', 储存: '0-4℃冷藏' }, variants: [['整只约1.5kg', 138], ['半只约750g', 78]], lines: ['五香', '麻辣', '甜皮'] },
      { pavilion: 'food', title: '荣昌卤鹅翅鹅掌组合', subtitle: '追剧零食', description: '鹅翅、鹅掌、鹅胗三拼，小包装便于携带。', town: CHANGYUAN, variants: [['500g', 68], ['1000g', 118]], lines: ['五香', '香辣', '藤椒', '孜然'] },
      { pavilion: 'food', title: '荣昌黄凉粉', subtitle: '豌豆凉粉 麻辣鲜香', description: '荣昌传统小吃，附特制红油料包。', town: CHANGYUAN, variants: [['4人份', 39], ['8人份', 69]], lines: ['麻辣', '酸辣'] },
      { pavilion: 'food', title: '荣昌铺盖面', subtitle: '手工宽面 筋道爽滑', description: '面皮宽薄如铺盖，附杂酱、炖鸡两种汤料包。', town: CHANGYUAN, variants: [['3人份', 29], ['6人份', 52]], lines: ['杂酱', '炖鸡', '牛肉', '肥肠'] },
      { pavilion: 'agri_specialty', title: '荣昌羊肉汤调料包', subtitle: '冬至必备', description: '荣昌羊肉汤秘制料包，炖出奶白浓汤。', town: CHANGYUAN, variants: [['3包', 25], ['10包', 68]], lines: ['原味', '微辣'] },
      { pavilion: 'agri_specialty', title: '荣昌猪油渣', subtitle: '香脆下酒菜', description: '荣昌猪板油熬制，椒盐香脆。', town: CHANGYUAN, gi: ['rongchang_pig'], variants: [['250g', 32], ['500g', 58]], lines: ['椒盐', '麻辣'] },
    ],
  },
  {
    ownerPhone: '13900000004',
    name: '荣牧生态猪肉馆',
    description: '峰高街道生态养殖基地，荣昌猪全程可追溯，冷链到家。',
    promises: ['产地直发', '全程溯源', '冷链配送'],
    code: 'RM',
    items: [
      { pavilion: 'livestock_supplies', title: '仔猪保温灯', subtitle: '产房保育', description: '红外保温灯，防爆灯罩。', town: FENGGAO, variants: [['单只', 45], ['五只装', 198]], lines: ['175W', '250W', '275W'] },
      { pavilion: 'eco_pork', title: '荣昌猪里脊', subtitle: '鲜嫩少筋', description: '适合炒肉丝、糖醋里脊。', town: FENGGAO, gi: ['rongchang_pig'], variants: [['500g', 52], ['1000g', 98]], lines: ['里脊', '梅花肉', '猪颈肉'] },
      { pavilion: 'eco_pork', title: '荣昌猪蹄', subtitle: '胶原满满', description: '劈半处理，炖汤、卤制皆宜。', town: FENGGAO, gi: ['rongchang_pig'], variants: [['2只', 48], ['4只', 88]], lines: ['前蹄', '后蹄'] },
      { pavilion: 'livestock_supplies', title: '养殖场消毒液', subtitle: '兽用 非洲猪瘟防控', description: '按说明书稀释使用，请在兽医指导下使用。', town: FENGGAO, variants: [['1L', 68], ['5L', 268]], lines: ['复合酚', '戊二醛', '过硫酸氢钾'] },
      { pavilion: 'livestock_supplies', title: '猪用自动饮水碗', subtitle: '节水防溅', description: '适用于保育、育肥猪舍。', town: FENGGAO, variants: [['单个', 38], ['十个装', 348]], lines: ['不锈钢', '铸铁'] },
      { pavilion: 'eco_pork', title: '荣昌猪五花肉', subtitle: '生态散养 肥瘦相间', description: '荣昌猪为世界八大优良种猪之一，肉质细嫩，适合红烧、回锅。', town: FENGGAO, gi: ['rongchang_pig'], attributes: { 部位: '五花', 储存: '-18℃冷冻' }, variants: [['500g', 45], ['1000g', 86], ['2500g家庭装', 198]], lines: ['带皮', '去皮', '切片'] },
      { pavilion: 'eco_pork', title: '荣昌猪前腿肉', subtitle: '包饺子 做肉末', description: '前腿肉筋膜少，适合剁馅。', town: FENGGAO, gi: ['rongchang_pig'], variants: [['500g', 36], ['1000g', 69]], lines: ['整块', '肉末'] },
      { pavilion: 'eco_pork', title: '荣昌猪排骨', subtitle: '精修肋排', description: '肋排精修，炖汤、糖醋两相宜。', town: FENGGAO, gi: ['rongchang_pig'], variants: [['500g', 58], ['1000g', 108]], lines: ['肋排', '小排', '大排', '筒骨'] },
      { pavilion: 'eco_pork', title: '荣昌猪腊肉', subtitle: '柏枝熏制 川渝年味', description: '传统柏树枝熏制四十天，咸香适口。', town: FENGGAO, gi: ['rongchang_pig'], variants: [['500g', 68], ['1500g礼盒', 188]], lines: ['五花腊肉', '腊排骨', '麻辣香肠', '广味香肠'] },
      { pavilion: 'livestock_supplies', title: '生猪育肥全价配合饲料', subtitle: '40kg/袋', description: '适用于30kg至出栏育肥猪，蛋白水平16%。', town: FENGGAO, attributes: { 规格: '40kg/袋' }, variants: [['1袋', 168], ['10袋', 1620]], lines: ['育肥前期', '育肥后期'] },
      { pavilion: 'livestock_supplies', title: '仔猪教槽料', subtitle: '断奶过渡 易消化', description: '适用于7日龄至断奶后两周仔猪。', town: FENGGAO, variants: [['10kg', 158], ['20kg', 298]], lines: ['颗粒', '粉料'] },
    ],
  },
  {
    ownerPhone: '13900000006',
    name: '荣昌折扇坊',
    description: '荣昌折扇与杭州、苏州扇并称中国三大名扇，竹骨精磨，扇面手绘。',
    promises: ['手工制作', '可定制题字', '7天无理由退货'],
    code: 'ZS',
    items: [
      { pavilion: 'folding_fan', title: '儿童卡通折扇', subtitle: '安全圆角', description: '竹骨打磨圆角，印卡通图案。', town: '500153002', variants: [['单把', 15], ['五把装', 65]], lines: ['熊猫', '海棠花', '小猪', '恐龙'] },
      { pavilion: 'folding_fan', title: '檀香木折扇', subtitle: '香气持久', description: '檀香木扇骨拉花烫花工艺。', town: '500153002', variants: [['7寸', 98], ['8寸', 128]], lines: ['拉花', '烫花', '雕花'] },
      { pavilion: 'folding_fan', title: '荣昌绢面折扇', subtitle: '真丝扇面 手绘花鸟', description: '楠竹扇骨十八档，真丝绢面手绘。', town: '500153002', attributes: { 尺寸: '8寸' }, variants: [['8寸', 128], ['10寸', 168]], lines: ['花鸟', '山水', '海棠', '仕女'] },
      { pavilion: 'folding_fan', title: '荣昌书画纸扇', subtitle: '宣纸扇面 名家题字', description: '宣纸扇面，可定制题字。', town: '500153002', variants: [['标准', 88], ['定制题字', 158]], lines: ['行书', '楷书', '水墨', '空白'] },
      { pavilion: 'folding_fan', title: '竹骨白扇面DIY折扇', subtitle: '亲子手作 研学课程', description: '空白扇面，适合学生绘画、研学体验。', town: '500153002', variants: [['单把', 19], ['十把装', 159]], lines: ['7寸', '8寸', '10寸'] },
      { pavilion: 'folding_fan', title: '舞蹈表演折扇', subtitle: '加长扇面 流苏款', description: '秧歌、广场舞专用，扇面加长。', town: '500153002', variants: [['单把', 35], ['一对', 66]], lines: ['大红', '玫红', '金色', '白色'] },
      { pavilion: 'folding_fan', title: '荣昌折扇礼盒', subtitle: '商务伴手礼', description: '折扇配锦盒，可印企业标识。', town: '500153002', variants: [['单扇礼盒', 198], ['双扇礼盒', 368]], lines: ['紫檀色', '湘妃竹', '棕竹'] },
      { pavilion: 'home', title: '折扇装饰挂件', subtitle: '墙面装饰 中式软装', description: '大尺寸装饰扇，配挂架。', town: '500153002', variants: [['60cm', 128], ['90cm', 198]], lines: ['牡丹', '山水', '书法'] },
    ],
  },
  {
    ownerPhone: '13900000007',
    name: '清流农家优选',
    description: '清流镇果蔬专业合作社，联农带农，产地直发。',
    promises: ['产地直发', '坏果包赔'],
    code: 'QL',
    items: [
      { pavilion: 'agri_specialty', title: '当季时令蔬菜箱', subtitle: '每周配送', description: '合作社当天采摘，同城配送。', town: QINGLIU, variants: [['5kg', 45], ['10kg', 85]], lines: ['叶菜为主', '根茎为主', '混合', '有机认证'] },
      { pavilion: 'agri_specialty', title: '农家豆瓣酱', subtitle: '晒足一年', description: '二荆条辣椒与胡豆发酵，川菜之魂。', town: QINGLIU, variants: [['500g', 28], ['1000g', 49]], lines: ['红油', '香辣', '原味'] },
      { pavilion: 'agri_specialty', title: '本地小粒花生', subtitle: '新鲜晾晒', description: '沙地小粒花生，香脆。', town: QINGLIU, variants: [['1kg', 26], ['2.5kg', 59]], lines: ['带壳', '花生米', '五香花生'] },
      { pavilion: 'agri_specialty', title: '手工挂面', subtitle: '传统晾晒', description: '手工拉制，日晒风干。', town: QINGJIANG, variants: [['1kg', 22], ['3kg', 59]], lines: ['宽面', '细面', '鸡蛋面'] },
      { pavilion: 'agri_specialty', title: '荣昌生态大米', subtitle: '稻田养鱼 一季稻', description: '清流镇稻鱼共生基地，新米现磨。', town: QINGLIU, variants: [['5kg', 69], ['10kg', 128]], lines: ['长粒香', '糯米', '胚芽米'] },
      { pavilion: 'agri_specialty', title: '农家土鸡蛋', subtitle: '林下散养', description: '林下散养土鸡所产，蛋黄饱满。', town: QINGLIU, variants: [['30枚', 59], ['60枚', 108]], lines: ['土鸡蛋', '乌鸡蛋'] },
      { pavilion: 'agri_specialty', title: '清流红心猕猴桃', subtitle: '现摘现发', description: '果肉红心，酸甜多汁。', town: QINGLIU, variants: [['2.5kg', 49], ['5kg', 89]], lines: ['中果', '大果', '特大果'] },
      { pavilion: 'agri_specialty', title: '荣昌枇杷', subtitle: '五月鲜果', description: '皮薄肉厚，清甜润喉。', town: QINGLIU, variants: [['2.5kg', 59], ['5kg', 109]], lines: ['白肉', '红肉'] },
      { pavilion: 'agri_specialty', title: '土蜂蜜', subtitle: '百花蜜 原蜜', description: '中华蜂土法养殖，一年一取。', town: QINGLIU, variants: [['500g', 68], ['1000g', 128]], lines: ['百花蜜', '枇杷蜜', '洋槐蜜'] },
      { pavilion: 'agri_specialty', title: '压榨菜籽油', subtitle: '小榨浓香', description: '本地油菜籽物理压榨，川菜本味。', town: QINGLIU, variants: [['2.5L', 79], ['5L', 148]], lines: ['浓香', '清香'] },
      { pavilion: 'agri_specialty', title: '青花椒', subtitle: '麻味足 香气浓', description: '当季青花椒，晒干去籽。', town: QINGJIANG, variants: [['250g', 36], ['500g', 66]], lines: ['特级', '一级'] },
      { pavilion: 'agri_specialty', title: '农家手工红苕粉', subtitle: '酸辣粉原料', description: '红薯淀粉手工漏制，久煮不烂。', town: QINGJIANG, variants: [['1kg', 29], ['2.5kg', 65]], lines: ['粗粉', '细粉'] },
    ],
  },
];

/** Splits the templates into products: one product per (base, line), its variants as SKUs. */
export function demoProducts(shop: DemoShop): Array<ProductInput & { key: string }> {
  const out: Array<ProductInput & { key: string }> = [];
  shop.items.forEach((base, bi) => {
    base.lines.forEach((line, li) => {
      const key = `${shop.code}-${String(bi + 1).padStart(2, '0')}-${String(li + 1).padStart(2, '0')}`;
      out.push({
        key,
        pavilionCode: base.pavilion,
        title: `${base.title}（${line}）`,
        subtitle: base.subtitle,
        description: base.description,
        attributes: { ...(base.attributes ?? {}), 款式: line },
        originTownCode: base.town,
        giMarks: base.gi ?? [],
        status: 'on_sale',
        skus: base.variants.map(([label, yuan], vi) => ({
          code: `${key}-${vi + 1}`,
          name: label,
          priceFen: BigInt(Math.round(yuan * 100)),
          // Stock varies by product so "in stock" filters and sold-out badges have something to show.
          stock: (bi * 7 + li * 13 + vi * 5) % 11 === 0 ? 0 : 20 + ((bi * 31 + li * 17 + vi * 11) % 180),
          weightG: 500,
        })),
      });
    });
  });
  return out;
}

export async function seedCatalog(platform: Platform, ownerIds: Map<string, string>): Promise<{ shops: number; products: number }> {
  const { identity, catalog } = platform.services;
  const report = { shops: 0, products: 0 };
  for (const demo of DEMO_SHOPS) {
    const userId = ownerIds.get(demo.ownerPhone);
    if (!userId) continue;
    const actor = await identity.actorOf(userId);
    let shop = (await catalog.shopsOf(actor))[0];
    if (!shop) {
      const enterpriseId = actor.memberships.find((m) => m.scopeType === 'enterprise' && m.role === 'merchant')?.scopeId;
      if (!enterpriseId) continue;
      shop = await catalog.openShop(actor, {
        enterpriseId,
        name: demo.name,
        description: demo.description,
        servicePromises: demo.promises,
        returnAddress: null,
      });
      report.shops++;
    } else {
      continue; // the shop and its products were seeded before
    }
    for (const p of demoProducts(demo)) {
      const { key: _key, ...input } = p;
      await catalog.createProduct(actor, shop.id, input);
      report.products++;
    }
  }
  return report;
}
