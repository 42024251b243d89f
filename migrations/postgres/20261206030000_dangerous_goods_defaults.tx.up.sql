-- The national catalogue of prohibited (禁寄) and restricted (限寄) items
-- (《禁止寄递物品管理规定》) as data: the entries, with the other words people use for
-- them (separated by 、), that an organisation's catalogue starts from on first use
-- (dangerous_goods_catalogues marks that). Operators may change these rows for
-- organisations not yet started; each organisation's administrators edit their own copy.
CREATE TABLE dangerous_goods_defaults (
    name      TEXT PRIMARY KEY,
    category  TEXT NOT NULL,
    synonyms  TEXT NOT NULL,
    handling  TEXT NOT NULL CHECK (handling IN ('PROHIBITED', 'RESTRICTED')),
    rule      TEXT NOT NULL
);
--bun:split
INSERT INTO dangerous_goods_defaults (name, category, synonyms, handling, rule) VALUES
    ('汽油', 'FLAMMABLE_LIQUID', 'gasoline、petrol、车用汽油', 'PROHIBITED', '易燃液体'),
    ('柴油', 'FLAMMABLE_LIQUID', 'diesel', 'PROHIBITED', '易燃液体'),
    ('煤油', 'FLAMMABLE_LIQUID', 'kerosene、航空煤油、灯油', 'PROHIBITED', '易燃液体'),
    ('酒精', 'FLAMMABLE_LIQUID', '乙醇、工业酒精、消毒酒精、医用酒精、无水乙醇、alcohol、ethanol', 'PROHIBITED', '易燃液体'),
    ('油漆', 'FLAMMABLE_LIQUID', '天那水、稀释剂、香蕉水、生漆', 'PROHIBITED', '易燃液体'),
    ('打火机油', 'FLAMMABLE_LIQUID', '打火机、火机油', 'PROHIBITED', '易燃液体'),
    ('丙酮', 'FLAMMABLE_LIQUID', '洗甲水、acetone', 'PROHIBITED', '易燃液体'),
    ('乙醚', 'FLAMMABLE_LIQUID', 'diethyl ether', 'PROHIBITED', '易燃液体'),
    ('桐油', 'FLAMMABLE_LIQUID', '松香油', 'PROHIBITED', '易燃液体'),
    ('烟花爆竹', 'EXPLOSIVE', '烟花、爆竹、鞭炮、礼花、fireworks、firecracker', 'PROHIBITED', '爆炸物品'),
    ('火药', 'EXPLOSIVE', '炸药、雷管、导火索', 'PROHIBITED', '爆炸物品'),
    ('压缩气体', 'COMPRESSED_GAS', '液化气、液化石油气、煤气罐、氧气瓶、丁烷气、氢气、灭火器', 'PROHIBITED', '压缩和液化气体'),
    ('锂电池(散装)', 'LITHIUM_BATTERY', '散装锂电池、锂电芯、电芯', 'PROHIBITED', '锂电池(单独寄递)'),
    ('充电宝', 'LITHIUM_BATTERY', '移动电源、power bank', 'RESTRICTED', '锂电池(随设备或限量寄递,须开箱查验)'),
    ('硫酸', 'CORROSIVE', 'sulfuric acid', 'PROHIBITED', '腐蚀性物品'),
    ('盐酸', 'CORROSIVE', 'hydrochloric acid', 'PROHIBITED', '腐蚀性物品'),
    ('硝酸', 'CORROSIVE', 'nitric acid', 'PROHIBITED', '腐蚀性物品'),
    ('氢氧化钠', 'CORROSIVE', '烧碱、火碱、苛性钠', 'PROHIBITED', '腐蚀性物品'),
    ('蓄电池', 'CORROSIVE', '铅酸电池、铅酸蓄电池', 'PROHIBITED', '腐蚀性物品'),
    ('农药', 'TOXIC', '杀虫剂、除草剂、pesticide', 'PROHIBITED', '毒性物品'),
    ('放射性物品', 'RADIOACTIVE', '放射源、放射性', 'PROHIBITED', '放射性物品'),
    ('毒品', 'NARCOTIC', '麻醉药品、精神药品', 'PROHIBITED', '毒品及吸毒工具'),
    ('火柴', 'FLAMMABLE_SOLID', '红磷、白磷', 'PROHIBITED', '易燃固体'),
    ('危险品', 'DECLARED', '易燃、易爆、爆炸、腐蚀', 'PROHIBITED', '危险品'),
    ('香水', 'RESTRICTED_LIQUID', 'perfume', 'RESTRICTED', '含酒精液体(限量寄递,须开箱查验)'),
    ('白酒', 'RESTRICTED_LIQUID', '酒类、烈酒、高度酒', 'RESTRICTED', '含酒精液体(限量寄递,须开箱查验)');
