namespace Tiaodu.Core.Demo;

/// <summary>How a project's physical progress (形象进度) is described month by month.</summary>
internal enum ProgressKind
{
    Factory,
    Building,
    Linear,
    Farm,
    Energy,
}

/// <summary>
/// A family of plausible projects: what they build, how they are classified and who owns them.
/// <see cref="Sector"/> is a task-force code from the lookups; <see cref="ZoneSector"/> is the one the
/// 净月 zone uses instead, when it has one that fits.
/// </summary>
internal sealed record DemoTheme(
    string Key,
    string Category,
    string Industry,
    string? Sector,
    string? ZoneSector,
    ProgressKind Progress,
    string Company,
    string[] Products,
    string[] Suffixes,
    string[] Contents,
    double OutputRatio);

/// <summary>Word lists and tables the demo dataset is generated from.</summary>
internal static class DemoCatalog
{
    public const string Industrial = "产业";
    public const string Infrastructure = "基础设施";
    public const string Social = "社会民生";
    public const string RealEstate = "房地产";

    private static readonly string[] FactorySuffixes = ["项目", "项目", "产业园项目", "生产基地项目", "一期工程", "扩能项目", "技术改造项目"];

    public static readonly DemoTheme[] Themes =
    [
        new("auto", Industrial, "C", "XZ", null, ProgressKind.Factory, "汽车部件",
            ["汽车零部件", "新能源汽车电驱动系统", "汽车内外饰件", "汽车轻量化铝合金部件", "汽车电子控制器", "汽车座椅",
             "商用车车桥", "汽车模具", "动力电池结构件", "汽车线束", "汽车热管理系统", "智能网联汽车传感器"],
            FactorySuffixes,
            ["建设冲压、焊装及装配车间，购置焊接机器人及检测设备，为整车企业配套", "建设联合厂房{a}万平方米及研发中心，新增{p}自动化生产线{n}条",
             "建设{p}生产线{n}条及配套仓储设施，达产后年配套整车{n}0万辆"],
            2.2),
        new("rail", Industrial, "C", "XZ", null, ProgressKind.Factory, "轨道装备",
            ["轨道客车配套件", "城轨车辆内饰件", "转向架零部件", "轨道交通牵引电机", "动车组座椅", "轨道车辆铝合金型材"],
            FactorySuffixes,
            ["建设{p}生产车间{a}万平方米，购置数控加工及焊接设备", "新建联合厂房及检测中心，形成年配套轨道车辆{n}00辆的能力"],
            1.8),
        new("biomed", Industrial, "C", "ZX", "SM", ProgressKind.Factory, "生物科技",
            ["生物医药", "疫苗", "中成药", "医疗器械", "原料药", "体外诊断试剂", "生物制剂", "创新药中试"],
            FactorySuffixes,
            ["建设{p}GMP标准生产车间、质检中心及仓储设施，总建筑面积{a}万平方米", "建设{p}生产线{n}条，配套研发中心和动力中心"],
            2.5),
        new("opto", Industrial, "C", "ZX", "SZ", ProgressKind.Factory, "光电科技",
            ["光电信息", "光学镜头", "激光器件", "卫星遥感数据应用", "半导体封装测试", "智能传感器", "显示模组", "红外探测器"],
            FactorySuffixes,
            ["建设洁净厂房{a}万平方米，购置{p}加工及检测设备", "建设研发楼及生产车间，新增{p}生产线{n}条"],
            2.4),
        new("corn", Industrial, "C", "NY", null, ProgressKind.Factory, "生物化工",
            ["玉米深加工", "玉米淀粉", "燃料乙醇", "氨基酸", "饲料加工", "秸秆综合利用", "淀粉糖"],
            FactorySuffixes,
            ["建设{p}生产线及配套仓储设施，年加工玉米{n}0万吨", "建设{p}生产车间、原料库及污水处理站，占地{mu}亩"],
            1.9),
        new("ginseng", Industrial, "C", "NY", "SM", ProgressKind.Factory, "生物",
            ["人参精深加工", "人参食品", "中药材加工", "梅花鹿产品加工", "林蛙油加工", "食用菌精深加工"],
            FactorySuffixes,
            ["建设{p}车间、检测中心及原料仓储设施", "建设原料仓储、{p}车间及电商展示中心，总建筑面积{a}万平方米"],
            1.6),
        new("food", Industrial, "C", "NY", null, ProgressKind.Factory, "食品",
            ["肉牛屠宰加工", "大米加工", "矿泉水", "乳制品", "肉制品精深加工", "杂粮杂豆加工", "果蔬速冻加工", "山葡萄酒"],
            FactorySuffixes,
            ["建设{p}生产车间、冷库及成品库，总建筑面积{a}万平方米", "建设{p}生产线{n}条及检测中心、仓储设施"],
            1.7),
        new("textile", Industrial, "C", "XZ", null, ProgressKind.Factory, "纺织",
            ["智能袜业", "纺织服装", "功能性面料", "产业用纺织品"],
            FactorySuffixes,
            ["建设{p}生产车间{a}万平方米，购置智能化生产设备", "建设织造、后整理及成品车间，配套研发设计中心"],
            1.5),
        new("chem", Industrial, "C", "XZ", null, ProgressKind.Factory, "化工",
            ["精细化工", "化工新材料", "生物基材料", "电子化学品", "高端聚烯烃", "硅藻土新材料", "镍基新材料"],
            FactorySuffixes,
            ["建设{p}生产装置、罐区及公用工程，年产能{n}万吨", "建设{p}合成、精制车间及配套储运设施，占地{mu}亩"],
            1.8),
        new("carbon", Industrial, "C", "ZX", null, ProgressKind.Factory, "碳纤维",
            ["碳纤维", "碳纤维复合材料", "碳纤维原丝", "高性能纤维"],
            FactorySuffixes,
            ["建设{p}生产线{n}条及配套公用工程", "建设{p}生产车间{a}万平方米及研发中心"],
            1.6),
        new("equipment", Industrial, "C", "XZ", null, ProgressKind.Factory, "装备制造",
            ["农机装备", "专用车", "换热器", "智能装备", "风电装备", "环保装备", "钢结构", "石油装备"],
            FactorySuffixes,
            ["建设{p}铆焊、机加及总装车间，购置激光切割设备及焊接机器人", "建设标准化厂房{a}万平方米，新增{p}生产线{n}条"],
            2.0),
        new("logistics", Industrial, "G", "XF", null, ProgressKind.Building, "物流",
            ["冷链物流园", "农产品冷链仓储中心", "智慧物流园", "电商物流园", "粮食仓储物流中心", "公铁联运物流园", "快递分拨中心"],
            ["项目", "建设项目", "一期工程"],
            ["建设{p}仓储库房{a}万平方米、分拣中心及配套办公设施", "建设库房、分拨中心及停车场，配套智慧物流信息平台"],
            0.6),
        new("energy", Industrial, "D", "ZX", null, ProgressKind.Energy, "新能源",
            ["风电", "光伏发电", "风光储一体化", "绿电制氢", "生物质热电联产", "分布式光伏"],
            ["项目", "项目", "一期工程", "示范项目"],
            ["建设{p}主体工程、升压站及送出线路，装机规模{n}00兆瓦", "建设{p}生产设施、储能系统及配套电网接入工程"],
            0.25),
        new("tourism", Industrial, "R", "XF", "YS", ProgressKind.Building, "文化旅游",
            ["冰雪旅游度假区", "滑雪场", "冰雪小镇", "温泉度假区", "乡村旅游", "生态旅游区", "文旅综合体", "民俗文化村"],
            ["项目", "建设项目", "提升项目", "一期工程"],
            ["建设{p}游客服务中心、景观设施及配套停车场", "建设{p}核心区、度假酒店及配套商业，总建筑面积{a}万平方米"],
            0.5),
        new("agri", Industrial, "A", "NY", null, ProgressKind.Farm, "农业发展",
            ["智慧农业", "设施农业", "肉牛养殖", "生猪养殖", "鲜食玉米种植", "现代种业", "黑木耳种植", "梅花鹿养殖"],
            ["基地项目", "产业园项目", "示范园项目", "项目"],
            ["建设{p}核心区、配套设施及技术服务中心，占地{mu}亩", "建设{p}标准化设施{n}栋及仓储冷链设施"],
            1.2),
        new("digital", Industrial, "I", "ZX", "SZ", ProgressKind.Building, "数字科技",
            ["大数据中心", "软件园", "数字经济产业园", "工业互联网平台", "算力中心", "智慧城市运营中心", "信创产业园"],
            ["项目", "建设项目", "一期工程"],
            ["建设{p}机房楼、研发楼及配套供电制冷设施", "建设研发办公楼{a}万平方米及配套设施，打造{p}"],
            0.9),
        new("services", Industrial, "L", "XF", "YS", ProgressKind.Building, "商贸",
            ["商业综合体", "总部基地", "文创园", "会展中心", "星级酒店", "科创孵化园", "商贸物流城"],
            ["项目", "建设项目", "一期工程"],
            ["建设{p}主体及配套设施，总建筑面积{a}万平方米", "建设{p}，配套地下停车场及室外工程，总建筑面积{a}万平方米"],
            0.4),
        new("school", Social, "P", null, null, ProgressKind.Building, "",
            ["第二实验中学", "九年一贯制学校", "职业教育实训基地", "公办幼儿园", "第三中学新校区", "特殊教育学校"],
            ["建设项目", "新建项目", "改扩建工程"],
            ["建设教学用房、综合楼及运动场，总建筑面积{s}万平方米", "新建校舍及配套设施，新增学位{n}00个"],
            0),
        new("hospital", Social, "Q", null, null, ProgressKind.Building, "",
            ["人民医院综合楼", "中医院新院区", "妇幼保健院", "疾病预防控制中心", "养老服务中心", "医养结合中心"],
            ["建设项目", "改扩建项目", "项目"],
            ["建设{p}业务用房及配套设施，总建筑面积{s}万平方米", "新建{p}主体建筑、室外工程并购置配套设备"],
            0),
        new("renewal", Social, "K", "JC", null, ProgressKind.Building, "",
            ["老旧小区改造", "棚户区改造", "城市更新", "历史文化街区改造", "背街小巷改造"],
            ["工程", "项目", "二期工程"],
            ["改造外墙保温、屋面防水、供排水管网及小区道路，惠及居民{n}000户", "实施{p}，同步完善道路、管网、绿化等配套设施"],
            0),
        new("heating", Infrastructure, "D", "JC", null, ProgressKind.Linear, "",
            ["供热管网改造", "热源厂", "换热站改造", "燃气管网改造", "清洁能源供热"],
            ["工程", "项目", "一期工程"],
            ["更新一级、二级供热管网{n}0公里，改造换热站{n}座", "建设{p}主体工程及配套管网"],
            0),
        new("water", Infrastructure, "D", "JC", null, ProgressKind.Linear, "",
            ["污水处理厂", "雨污分流改造", "再生水利用", "供水管网改造", "第二水厂"],
            ["工程", "扩建工程", "项目"],
            ["建设{p}主体工程及配套管网{n}0公里", "实施{p}，新建及改造管网{n}0公里，建设泵站{n}座"],
            0),
        new("roads", Infrastructure, "N", "JC", null, ProgressKind.Linear, "",
            ["城区道路改造", "快速路", "跨河大桥", "农村公路提质改造", "综合管廊", "滨河景观带"],
            ["工程", "建设工程", "一期工程"],
            ["建设{p}主体工程{n}公里及排水、照明等附属设施", "实施{p}，同步敷设给排水、燃气、通信管线"],
            0),
        new("housing", RealEstate, "K", "JC", null, ProgressKind.Building, "置业",
            ["住宅小区", "商住综合体", "保障性租赁住房", "人才公寓"],
            ["项目", "一期项目", "二期项目"],
            ["建设住宅楼{n}栋及配套商业、幼儿园，总建筑面积{a}万平方米"],
            0),
    ];

    /// <summary>Theme keys each city is known for; repeats weight the pick.</summary>
    public static readonly Dictionary<string, string[]> CitySpecialties = new(StringComparer.Ordinal)
    {
        ["220100"] =
        [
            "auto", "auto", "auto", "auto", "rail", "rail", "biomed", "biomed", "opto", "opto", "digital", "digital",
            "logistics", "services", "services", "food", "equipment", "chem",
        ],
        ["220200"] = ["chem", "chem", "chem", "carbon", "carbon", "carbon", "auto", "auto", "tourism", "tourism", "food", "biomed", "equipment", "logistics"],
        ["220300"] = ["equipment", "equipment", "equipment", "corn", "corn", "food", "food", "energy", "logistics", "auto"],
        ["220400"] = ["textile", "textile", "equipment", "chem", "food", "agri", "energy"],
        ["220500"] = ["biomed", "biomed", "biomed", "ginseng", "ginseng", "food", "tourism", "equipment"],
        ["220600"] = ["food", "food", "ginseng", "ginseng", "tourism", "tourism", "chem", "energy"],
        ["220700"] = ["energy", "energy", "energy", "chem", "chem", "corn", "corn", "agri", "food", "equipment"],
        ["220800"] = ["energy", "energy", "energy", "agri", "agri", "food", "food", "equipment"],
        ["222400"] = ["tourism", "tourism", "food", "food", "logistics", "logistics", "biomed", "ginseng", "digital"],
        ["jl-changbaishan"] = ["tourism", "tourism", "tourism", "food", "ginseng"],

        // Development zones with a profile of their own.
        ["220171"] = ["auto", "auto", "biomed", "opto", "logistics", "logistics", "services", "food", "equipment"],
        ["220172"] = ["digital", "digital", "tourism", "tourism", "biomed", "services", "ginseng", "opto"],
        ["220173"] = ["biomed", "biomed", "biomed", "opto", "opto", "opto", "digital", "digital", "equipment"],
        ["220174"] = ["auto", "auto", "auto", "auto", "auto", "logistics", "equipment", "digital"],
        ["220271"] = ["chem", "chem", "chem", "carbon", "carbon", "auto", "equipment"],
        ["220272"] = ["carbon", "carbon", "biomed", "opto", "digital", "equipment"],
        ["220273"] = ["food", "food", "food", "logistics", "agri", "ginseng"],
        ["220771"] = ["chem", "chem", "energy", "corn", "equipment"],
        ["220871"] = ["energy", "energy", "equipment", "food", "agri"],
    };

    /// <summary>Themes whose projects stay below 5亿: farms, small processing plants, schools and clinics.</summary>
    public static readonly HashSet<string> ModestThemes = new(["agri", "ginseng", "textile", "food", "school", "hospital"], StringComparer.Ordinal);

    /// <summary>Themes for counties and county-level cities, added to their city's specialties.</summary>
    public static readonly string[] RuralThemes = ["agri", "agri", "food", "food", "corn", "energy", "logistics", "tourism"];

    public static readonly string[] UrbanInfrastructure = ["heating", "water", "roads", "roads"];
    public static readonly string[] SocialThemes = ["school", "school", "hospital", "hospital", "renewal"];

    /// <summary>Names used in project names for zones and areas whose short names repeat across cities.</summary>
    public static readonly Dictionary<string, string> PlaceNames = new(StringComparer.Ordinal)
    {
        ["220171"] = "长春经开区",
        ["220172"] = "净月高新区",
        ["220173"] = "长春高新区",
        ["220174"] = "长春汽开区",
        ["220271"] = "吉林经开区",
        ["220272"] = "吉林高新区",
        ["220273"] = "中新食品区",
        ["220771"] = "松原经开区",
        ["220871"] = "白城经开区",
        ["cc-xinqu"] = "长春新区",
        ["cc-zhonghan"] = "中韩示范区",
        ["cc-lianhuashan"] = "莲花山",
        ["jl-changbaishan"] = "长白山",
    };

    /// <summary>Approximate centres (longitude, latitude) of the cities, prefectures and management areas.</summary>
    public static readonly Dictionary<string, (double Lng, double Lat)> CityCentres = new(StringComparer.Ordinal)
    {
        ["220100"] = (125.32, 43.82),
        ["220200"] = (126.55, 43.84),
        ["220300"] = (124.35, 43.17),
        ["220400"] = (125.14, 42.89),
        ["220500"] = (125.94, 41.73),
        ["220600"] = (126.42, 41.94),
        ["220700"] = (124.82, 45.14),
        ["220800"] = (122.84, 45.62),
        ["222400"] = (129.51, 42.89),
        ["jl-changbaishan"] = (128.10, 42.42),
    };

    /// <summary>Approximate seats of county-level regions away from their city's centre.</summary>
    public static readonly Dictionary<string, (double Lng, double Lat)> CountyCentres = new(StringComparer.Ordinal)
    {
        ["220112"] = (125.66, 43.52), ["220113"] = (125.84, 44.15), ["220122"] = (125.18, 44.43),
        ["220182"] = (126.53, 44.84), ["220183"] = (125.70, 44.53), ["220184"] = (124.82, 43.50),
        ["220221"] = (126.50, 43.67), ["220281"] = (127.34, 43.72), ["220282"] = (126.75, 42.97),
        ["220283"] = (126.97, 44.41), ["220284"] = (126.06, 42.95),
        ["220322"] = (124.34, 43.31), ["220323"] = (125.30, 43.35), ["220382"] = (123.50, 43.52),
        ["220421"] = (125.53, 42.68), ["220422"] = (124.99, 42.93),
        ["220521"] = (125.76, 41.68), ["220523"] = (126.05, 42.68), ["220524"] = (125.74, 42.28),
        ["220581"] = (125.71, 42.54), ["220582"] = (126.19, 41.13),
        ["220605"] = (126.59, 42.06), ["220621"] = (127.28, 42.22), ["220622"] = (126.81, 42.39),
        ["220623"] = (128.20, 41.42), ["220681"] = (126.92, 41.81),
        ["220721"] = (124.83, 45.12), ["220722"] = (123.97, 44.28), ["220723"] = (124.03, 45.00), ["220781"] = (126.05, 44.99),
        ["220821"] = (123.20, 45.85), ["220822"] = (123.09, 44.81), ["220881"] = (122.79, 45.34), ["220882"] = (124.29, 45.51),
        ["222401"] = (129.51, 42.89), ["222402"] = (129.84, 42.97), ["222403"] = (128.23, 43.37), ["222404"] = (130.37, 42.86),
        ["222405"] = (129.43, 42.77), ["222406"] = (129.01, 42.55), ["222424"] = (129.77, 43.31), ["222426"] = (128.90, 43.11),
    };

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "于", "董", "袁", "潘", "蒋", "蔡", "田", "杜", "姜",
        "魏", "崔", "金", "任", "吕", "孟", "佟", "关", "尹", "邢", "白", "隋", "鲁", "苏", "范", "石", "贾", "丁", "薛", "付",
    ];

    public static readonly string[] GivenChars =
    [
        "伟", "磊", "军", "勇", "强", "杰", "涛", "明", "超", "华", "建", "国", "峰", "鹏", "宇", "浩", "博", "凯", "鑫", "亮",
        "斌", "刚", "辉", "晨", "阳", "东", "旭", "志", "海", "春", "丽", "静", "敏", "娜", "婷", "雪", "洁", "芳", "艳", "颖",
        "琳", "慧", "红", "梅", "莉", "玲", "燕", "晶", "欣", "悦", "佳", "雯", "思", "文", "永", "长", "振", "德", "立", "新",
        "庆", "宏", "学", "成", "玉", "秀", "桂", "荣", "金", "丹", "岩", "松", "铁", "冬", "晓", "云", "爽", "楠", "哲", "琦",
    ];

    /// <summary>Two-character brand words for company names.</summary>
    public static readonly string[] Brands =
    [
        "恒信", "瑞丰", "金达", "鼎盛", "宏图", "德安", "昊天", "盛泰", "嘉禾", "博远", "中科", "联创", "广源", "润泽", "长兴", "金穗",
        "天成", "华誉", "东盛", "北辰", "远航", "亚泰", "吉瑞", "松江", "白桦", "长岭", "鑫源", "泰和", "众诚", "汇通", "正阳", "启航",
        "银河", "凯达", "兴邦", "富源", "鸿运", "新锐", "卓越", "海川", "同鑫", "益康", "康瑞", "禾丰", "雪域", "林海", "红松", "金秋",
        "德润", "中泰", "远东", "华信", "博大", "和顺", "天润", "星辰", "明远", "恒昌", "裕丰", "吉运",
    ];

    public static readonly string[] LeaderTitles = ["市委常委、副市长", "副市长"];
    public static readonly string[] PrefectureLeaderTitles = ["州委常委、副州长", "副州长"];
    public static readonly string[] CountyOfficerTitles = ["发改局干部", "发改局科员", "重点项目服务中心干部", "发改局项目科科长"];
    public static readonly string[] ZoneOfficerTitles = ["经发局科员", "经发局干部", "项目服务中心科员"];

    /// <summary>Seasonal weight of construction work by month in Jilin (winter stoppage).</summary>
    public static readonly double[] Season = [0.15, 0.15, 0.5, 0.95, 1.15, 1.25, 1.2, 1.2, 1.15, 0.95, 0.5, 0.2];

    /// <summary>A plausible Chinese name: surname plus one or two given-name characters.</summary>
    public static string PersonName(Random rng)
    {
        var surname = Surnames[rng.Next(Surnames.Length)];
        var given = GivenChars[rng.Next(GivenChars.Length)];
        return rng.NextDouble() < 0.7 ? surname + given + GivenChars[rng.Next(GivenChars.Length)] : surname + given;
    }

    public static string[] ProgressSteps(ProgressKind kind) => kind switch
    {
        ProgressKind.Factory => ["场地平整、桩基施工", "基础施工", "主体结构施工", "厂房封顶", "钢结构安装及屋面围护施工", "设备安装调试", "试生产"],
        ProgressKind.Linear => ["征地拆迁及管线迁改", "沟槽开挖、管线敷设", "路基及管网施工", "主体工程施工", "附属工程施工", "收尾及验收准备"],
        ProgressKind.Farm => ["土地平整", "圈舍及温室主体施工", "配套设施建设", "设备安装调试", "试运行"],
        ProgressKind.Energy => ["场区道路及基础施工", "风机基础浇筑、光伏支架安装", "设备吊装及组件安装", "升压站建设", "并网调试"],
        _ => ["基础施工", "主体结构施工", "主体封顶", "二次结构及外墙保温施工", "室内装修及机电安装", "室外配套工程施工"],
    };
}
