package io.suanli.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * One kind of site in the estate: its hub, tier, a name and the mix of servers it holds.
 *
 * <p>{@code nodeWeight} is the site's share of the estate's nodes; the shape weights split a
 * site's nodes between server models.
 */
public record SiteTemplate(Hub hub, Tier tier, String name, int nodeWeight, List<ShapeWeight> shapes) {

    /** Tier of a site as in the scenario format; the short form is part of site ids. */
    public enum Tier {
        GENERAL("gen"), SUPERCOMPUTING("sc"), INTELLIGENT("ai"), EDGE("edge");

        public final String shortName;

        Tier(String shortName) {
            this.shortName = shortName;
        }
    }

    /** A server model and its relative share in a site. */
    public record ShapeWeight(NodeShape shape, int weight) {}

    private static SiteTemplate site(Hub hub, Tier tier, String name, int weight, Object... shapes) {
        List<ShapeWeight> list = new ArrayList<>();
        for (int i = 0; i < shapes.length; i += 2) {
            list.add(new ShapeWeight((NodeShape) shapes[i], (Integer) shapes[i + 1]));
        }
        return new SiteTemplate(hub, tier, name, weight, List.copyOf(list));
    }

    /** Edge sites of the host city, each beside the sensors of one department. */
    public static final List<SiteTemplate> CITY_EDGE = List.of(
            site(Hub.CITY, Tier.EDGE, "城市边缘 交通指挥中心 City edge: traffic control centre", 3,
                    NodeShape.EDGE_L40S, 3, NodeShape.EDGE_CPU, 1),
            site(Hub.CITY, Tier.EDGE, "城市边缘 医院集群 City edge: hospital cluster", 2,
                    NodeShape.EDGE_L40S, 2, NodeShape.EDGE_CPU, 1),
            site(Hub.CITY, Tier.EDGE, "城市边缘 地铁车辆段 City edge: metro depot", 2,
                    NodeShape.EDGE_L40S, 2, NodeShape.EDGE_CPU, 1),
            site(Hub.CITY, Tier.EDGE, "城市边缘 生态环境监测站 City edge: environment monitoring", 2,
                    NodeShape.EDGE_CPU, 2, NodeShape.EDGE_L40S, 1));

    /** The city's own centres and the hub centres (东数西算 clusters). */
    public static final List<SiteTemplate> CENTRES = List.of(
            site(Hub.CITY, Tier.GENERAL, "杭州城市算力中心 Hangzhou city computing centre", 6,
                    NodeShape.CPU_96, 2, NodeShape.CPU_128, 1),
            site(Hub.CITY, Tier.INTELLIGENT, "杭州人工智能计算中心 Hangzhou AI computing centre", 6,
                    NodeShape.AI_A100, 2, NodeShape.AI_L40S, 2, NodeShape.AI_H100, 1),
            site(Hub.YANGTZE, Tier.GENERAL, "芜湖数据中心集群 Wuhu general data centre", 8,
                    NodeShape.CPU_96, 2, NodeShape.CPU_128, 2),
            site(Hub.YANGTZE, Tier.INTELLIGENT, "上海临港智算中心 Shanghai Lingang intelligent computing centre", 8,
                    NodeShape.AI_H100, 2, NodeShape.AI_A100, 1),
            site(Hub.YANGTZE, Tier.SUPERCOMPUTING, "无锡超算中心 Wuxi supercomputing centre", 5,
                    NodeShape.HPC_192, 4, NodeShape.HPC_A100, 1),
            site(Hub.JINGJINJI, Tier.INTELLIGENT, "张家口智算中心 Zhangjiakou intelligent computing centre", 7,
                    NodeShape.AI_H100, 1, NodeShape.AI_ASCEND, 1, NodeShape.AI_A100, 1),
            site(Hub.JINGJINJI, Tier.SUPERCOMPUTING, "天津超算中心 Tianjin supercomputing centre", 5,
                    NodeShape.HPC_192, 3, NodeShape.HPC_A100, 1),
            site(Hub.GBA, Tier.INTELLIGENT, "韶关智算中心 Shaoguan intelligent computing centre", 6,
                    NodeShape.AI_ASCEND, 2, NodeShape.AI_H100, 1),
            site(Hub.GBA, Tier.SUPERCOMPUTING, "广州超算中心 Guangzhou supercomputing centre", 4,
                    NodeShape.HPC_192, 3, NodeShape.HPC_A100, 1),
            site(Hub.CHENGYU, Tier.SUPERCOMPUTING, "成都超算中心 Chengdu supercomputing centre", 5,
                    NodeShape.HPC_192, 3, NodeShape.HPC_A100, 1),
            site(Hub.CHENGYU, Tier.GENERAL, "重庆数据中心集群 Chongqing general data centre", 6,
                    NodeShape.CPU_96, 2, NodeShape.CPU_64, 1),
            site(Hub.NEIMENGGU, Tier.GENERAL, "和林格尔数据中心集群 Horinger general data centre", 8,
                    NodeShape.CPU_128, 2, NodeShape.CPU_96, 1),
            site(Hub.NEIMENGGU, Tier.INTELLIGENT, "和林格尔智算中心 Horinger intelligent computing centre", 6,
                    NodeShape.AI_ASCEND, 2, NodeShape.AI_A100, 1),
            site(Hub.GUIZHOU, Tier.GENERAL, "贵安数据中心集群 Gui'an general data centre", 8,
                    NodeShape.CPU_128, 2, NodeShape.CPU_64, 1),
            site(Hub.GUIZHOU, Tier.INTELLIGENT, "贵安智算中心 Gui'an intelligent computing centre", 6,
                    NodeShape.AI_ASCEND, 1, NodeShape.AI_A100, 1, NodeShape.AI_L40S, 1),
            site(Hub.GANSU, Tier.INTELLIGENT, "庆阳智算中心 Qingyang intelligent computing centre", 7,
                    NodeShape.AI_ASCEND, 2, NodeShape.AI_H100, 1),
            site(Hub.GANSU, Tier.GENERAL, "庆阳数据中心集群 Qingyang general data centre", 6,
                    NodeShape.CPU_128, 2, NodeShape.CPU_96, 1),
            site(Hub.NINGXIA, Tier.GENERAL, "中卫数据中心集群 Zhongwei general data centre", 8,
                    NodeShape.CPU_128, 2, NodeShape.CPU_96, 1),
            site(Hub.NINGXIA, Tier.INTELLIGENT, "中卫智算中心 Zhongwei intelligent computing centre", 6,
                    NodeShape.AI_A100, 1, NodeShape.AI_ASCEND, 1, NodeShape.AI_L40S, 1));
}
