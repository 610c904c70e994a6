-- A query exported from Stat-Xplore's web table builder (Open Data API → "Query JSON") runs as it
-- is through the table function statxplore.query: one row per cell, Total items included, one
-- column per field and per measure. The argument is the JSON text or the path of a .json file.
-- SQL around it filters and orders the cells like any table.
SELECT *
FROM TABLE(statxplore.query('{
  "database": "str:database:UC_Households",
  "measures": ["str:count:UC_Households:V_F_UC_HOUSEHOLDS"],
  "recodes": {
    "str:field:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE": {
      "map": [["str:value:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE:C_UC_FAMILY_TYPE:1"],
              ["str:value:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE:C_UC_FAMILY_TYPE:2"]],
      "total": true
    },
    "str:field:UC_Households:F_UC_DATE:DATE_NAME": {
      "map": [["str:value:UC_Households:F_UC_DATE:DATE_NAME:C_UC_DATE:201903"],
              ["str:value:UC_Households:F_UC_DATE:DATE_NAME:C_UC_DATE:201904"]],
      "total": false
    }
  },
  "dimensions": [
    ["str:field:UC_Households:F_UC_DATE:DATE_NAME"],
    ["str:field:UC_Households:V_F_UC_HOUSEHOLDS:HNFAMILY_TYPE"]
  ]
}'));
