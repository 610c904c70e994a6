package io.statxplore.superstar.sql;

import io.statxplore.superstar.FakeSuperstar;

/**
 * A fake Stat-Xplore with one database shaped like the real UC_Households: a geography field
 * with two value sets (region, country) inside a group, month, family type, a count and a
 * payment measure with MEAN and SUM statistics.
 */
public final class UcServer {
  public static final String DB = "str:database:UC_Households";
  public static final String GEO = "str:field:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE";
  public static final String REGION_VS = "str:valueset:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:V_C_MASTERGEOG11_REGION_TO_COUNTRY";
  public static final String COUNTRY_VS = "str:valueset:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:V_C_MASTERGEOG11_COUNTRY";
  public static final String MONTH = "str:field:UC_Households:F_UC_DATE:DATE_NAME";
  public static final String MONTH_VS = "str:valueset:UC_Households:F_UC_DATE:DATE_NAME:C_UC_DATE";
  public static final String FAMILY = "str:field:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE";
  public static final String FAMILY_VS = "str:valueset:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE:C_UC_FAMILY_TYPE";
  public static final String COUNT = "str:count:UC_Households:V_F_UC_HOUSEHOLDS";
  public static final String PAYMENT = "str:measure:UC_Households:V_F_UC_HOUSEHOLDS:HNTOTAL_PAYMENT_AMOUNT";
  public static final String MEAN = PAYMENT.replace("str:measure:", "str:statfn:") + ":MEAN";
  public static final String SUM = PAYMENT.replace("str:measure:", "str:statfn:") + ":SUM";

  private UcServer() {
  }

  public static String region(String code) {
    return "str:value:UC_Households:V_F_UC_HOUSEHOLDS:COA_CODE:V_C_MASTERGEOG11_REGION_TO_COUNTRY:" + code;
  }

  public static String month(String code) {
    return "str:value:UC_Households:F_UC_DATE:DATE_NAME:C_UC_DATE:" + code;
  }

  public static String family(String code) {
    return "str:value:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE:C_UC_FAMILY_TYPE:" + code;
  }

  public static FakeSuperstar start() {
    return new FakeSuperstar()
        .node(FakeSuperstar.ROOT, "str:folder:fuc", "Universal Credit", "FOLDER")
        .node("str:folder:fuc", DB, "Households on Universal Credit", "DATABASE")
        .node(DB, "str:group:UC_Households:G_GEOGRAPHY", "Geography", "GROUP")
        .node("str:group:UC_Households:G_GEOGRAPHY", GEO, "National - Regional - LA - OAs", "FIELD")
        .node(GEO, REGION_VS, "Region", "VALUESET")
        .values(REGION_VS, "E12000001", "North East", "E12000002", "North West",
            "E12000003", "Yorkshire and The Humber", "E12000004", "East Midlands",
            "E12000005", "West Midlands", "E12000006", "East of England", "E12000007", "London",
            "E12000008", "South East", "E12000009", "South West")
        .node(GEO, COUNTRY_VS, "Country", "VALUESET")
        .values(COUNTRY_VS, "E92000001", "England", "W92000004", "Wales")
        .node(DB, MONTH, "Month", "FIELD")
        .node(MONTH, MONTH_VS, "Month", "VALUESET")
        .values(MONTH_VS, "201805", "May 2018", "201806", "June 2018", "201807", "July 2018",
            "201808", "August 2018")
        .node(DB, FAMILY, "Family Type", "FIELD")
        .node(FAMILY, FAMILY_VS, "Family Type", "VALUESET")
        .values(FAMILY_VS, "1", "Single, no children", "2", "Single, with children",
            "3", "Couple, no children", "4", "Couple, with children", "99", "Unknown or missing family type")
        .node(DB, COUNT, "Households on Universal Credit", "COUNT")
        .node(DB, PAYMENT, "Payment Amount", "MEASURE")
        .node(PAYMENT, MEAN, "Mean of Payment Amount", "STAT_FUNCTION")
        .node(PAYMENT, SUM, "Sum of Payment Amount", "STAT_FUNCTION");
  }
}
