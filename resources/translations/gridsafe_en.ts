<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>安全生产网格化管理</source>
        <translation>Safety Grid Management</translation>
    </message>
</context>
<context>
    <name>AssignmentList</name>
    <message>
        <source>任务</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid member</translation>
    </message>
    <message>
        <source>站点</source>
        <translation>Stops</translation>
    </message>
    <message>
        <source>已巡</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>已核实</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>未核实</source>
        <translation>Unverified</translation>
    </message>
    <message>
        <source>漏巡</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>公里</source>
        <translation>km</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>网格巡查</source>
        <translation>Grid patrol</translation>
    </message>
    <message>
        <source>护林巡护</source>
        <translation>Ranger patrol</translation>
    </message>
    <message>
        <source>管线巡线</source>
        <translation>Pipeline line patrol</translation>
    </message>
    <message>
        <source>时段，如 2026-W48</source>
        <translation>Period, e.g. 2026-W48</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>取消要素筛选</source>
        <translation>Clear feature filter</translation>
    </message>
    <message>
        <source>打印路线单…</source>
        <translation>Print route sheets…</translation>
    </message>
    <message>
        <source>导出手机文件…</source>
        <translation>Export for phones…</translation>
    </message>
    <message>
        <source>登记巡查结果…</source>
        <translation>Record results…</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>全部网格员</source>
        <translation>All grid members</translation>
    </message>
    <message>
        <source>时段 {p}</source>
        <translation>period {p}</translation>
    </message>
    <message>
        <source>全部时段</source>
        <translation>all periods</translation>
    </message>
    <message>
        <source>打印路线单</source>
        <translation>Print route sheets</translation>
    </message>
    <message>
        <source>没有可打印的巡查任务</source>
        <translation>There are no patrols to print.</translation>
    </message>
    <message>
        <source>所选的 {n} 个巡查任务</source>
        <translation>the {n} selected patrol assignments</translation>
    </message>
    <message>
        <source>列表中的全部 {n} 个巡查任务（{f}）</source>
        <translation>all {n} patrol assignments in the list ({f})</translation>
    </message>
    <message>
        <source>将为{w}生成 {n} 张路线单（PDF 文件），是否继续？</source>
        <translation>Make {n} route sheets (PDF) for {w}?</translation>
    </message>
    <message>
        <source>保存路线单 PDF</source>
        <translation>Save route sheet PDF</translation>
    </message>
    <message>
        <source>正在打印巡查路线单…</source>
        <translation>Printing route sheets…</translation>
    </message>
    <message>
        <source>已取消打印：已完成的 {n} 个文件保留在 {d}，未完成的没有留下</source>
        <translation>Printing cancelled: the {n} complete files are kept in {d}; nothing incomplete was left</translation>
    </message>
    <message>
        <source>已取消打印，没有留下文件</source>
        <translation>Printing cancelled; no file was left</translation>
    </message>
    <message>
        <source>已保存路线单 PDF：{f}</source>
        <translation>Route sheets saved as PDF: {f}</translation>
    </message>
    <message>
        <source>已保存 {n} 个路线单 PDF 文件，在 {d}</source>
        <translation>Saved {n} route sheet PDF files in {d}</translation>
    </message>
    <message>
        <source>无法打印</source>
        <translation>Cannot print</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>请先选择巡查任务</source>
        <translation>First select the patrols to export.</translation>
    </message>
    <message>
        <source>选择导出文件夹</source>
        <translation>Choose an export folder</translation>
    </message>
    <message>
        <source>无法导出</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <source>已导出 {n} 个文件到 {d}</source>
        <translation>Exported {n} files to {d}</translation>
    </message>
</context>
<context>
    <name>AttributeModel</name>
    <message>
        <source>必填</source>
        <translation>Required</translation>
    </message>
</context>
<context>
    <name>AttributeTableFeature</name>
    <message>
        <source>所选要素没有位置，无法缩放</source>
        <translation>The selected features have no location</translation>
    </message>
    <message>
        <source>图层(&amp;L)</source>
        <translation>&amp;Layer</translation>
    </message>
    <message>
        <source>打开属性表</source>
        <translation>Open Attribute Table</translation>
    </message>
    <message>
        <source>属性表 — {layer}</source>
        <translation>Attribute Table — {layer}</translation>
    </message>
    <message>
        <source>没有打开的项目</source>
        <translation>No project is open</translation>
    </message>
    <message>
        <source>已修改 {layer} ID {id} 的“{field}”</source>
        <translation>Changed “{field}” of {layer} ID {id}</translation>
    </message>
    <message>
        <source>新建{layer}“{name}”</source>
        <translation>New {layer} “{name}”</translation>
    </message>
    <message>
        <source>新建要素</source>
        <translation>New feature</translation>
    </message>
    <message>
        <source>已新建{layer}（ID {id}）</source>
        <translation>Added {layer} (ID {id})</translation>
    </message>
</context>
<context>
    <name>AttributeTableView</name>
    <message>
        <source>筛选：输入文字</source>
        <translation>Filter: type text</translation>
    </message>
    <message>
        <source>所有字段</source>
        <translation>All fields</translation>
    </message>
    <message>
        <source>只显示选中</source>
        <translation>Show selected only</translation>
    </message>
    <message>
        <source>缩放至选中</source>
        <translation>Zoom to selected</translation>
    </message>
    <message>
        <source>取消选择</source>
        <translation>Clear selection</translation>
    </message>
    <message>
        <source>正在读取属性表…</source>
        <translation>Reading attribute table…</translation>
    </message>
    <message>
        <source>读取属性表</source>
        <translation>Read attribute table</translation>
    </message>
    <message>
        <source>（全部）</source>
        <translation>(all)</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>共 {total} 条，显示 {shown} 条，已选 {sel} 条</source>
        <translation>{total} rows, {shown} shown, {sel} selected</translation>
    </message>
    <message>
        <source>此属性表只读</source>
        <translation>This attribute table is read only</translation>
    </message>
    <message>
        <source>只读：{why}</source>
        <translation>Read only: {why}</translation>
    </message>
    <message>
        <source>不能修改</source>
        <translation>Cannot change</translation>
    </message>
</context>
<context>
    <name>AuditFeature</name>
    <message>
        <source>操作日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>操作日志…</source>
        <translation>Audit log…</translation>
    </message>
    <message>
        <source>谁在何时新增、修改、删除了哪条记录（含其他程序的修改）</source>
        <translation>Who added, changed or deleted which record, and when (including changes made by other programs)</translation>
    </message>
    <message>
        <source>操作记录…</source>
        <translation>Change history…</translation>
    </message>
    <message>
        <source>此要素的新增、修改和删除记录：谁、何时、原值和新值</source>
        <translation>This feature&apos;s additions, changes and deletions: who, when, old and new values</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>数据表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>程序</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>无法读取操作日志：</source>
        <translation>Cannot read the audit log: </translation>
    </message>
    <message>
        <source>从哪天起（含）</source>
        <translation>From (inclusive)</translation>
    </message>
    <message>
        <source>到哪天止（含）</source>
        <translation>To (inclusive)</translation>
    </message>
    <message>
        <source>记录编号</source>
        <translation>Record ID</translation>
    </message>
    <message>
        <source>全部操作</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>把筛选出的全部操作记录（每个字段一行：原值、新值）导出为 xlsx</source>
        <translation>Export all the filtered records to xlsx (one row per field: old value, new value)</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>全部操作人</source>
        <translation>All operators</translation>
    </message>
    <message>
        <source>全部数据表</source>
        <translation>All tables</translation>
    </message>
    <message>
        <source>正在读取操作日志…</source>
        <translation>Reading the audit log…</translation>
    </message>
    <message>
        <source>（只列出最新的 {n} 条，请缩小筛选范围）</source>
        <translation> (only the latest {n} are listed: narrow the filter)</translation>
    </message>
    <message>
        <source>共 {n} 条操作记录</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <source>{who} 于 {at} {action}{table} {id}</source>
        <translation>{who}, {at}: {action} {table} {id}</translation>
    </message>
    <message>
        <source>（批量写入：各字段值见数据本身，未复制到日志）</source>
        <translation>(bulk write: the field values are in the data itself, not copied to the log)</translation>
    </message>
    <message>
        <source>导出操作日志</source>
        <translation>Export audit log</translation>
    </message>
    <message>
        <source>操作日志.xlsx</source>
        <translation>audit_log.xlsx</translation>
    </message>
    <message>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
</context>
<context>
    <name>Basemaps</name>
    <message>
        <source>天地图矢量</source>
        <translation>Tianditu vector</translation>
    </message>
    <message>
        <source>天地图影像</source>
        <translation>Tianditu imagery</translation>
    </message>
    <message>
        <source>天地图</source>
        <translation>Tianditu</translation>
    </message>
    <message>
        <source>底图</source>
        <translation>Basemap</translation>
    </message>
</context>
<context>
    <name>CalendarFeature</name>
    <message>
        <source>工作日历</source>
        <translation>Work calendar</translation>
    </message>
    <message>
        <source>统计(&amp;S)</source>
        <translation>&amp;Statistics</translation>
    </message>
    <message>
        <source>工作日历…</source>
        <translation>Work calendar…</translation>
    </message>
    <message>
        <source>新建专项行动…</source>
        <translation>New campaign…</translation>
    </message>
    <message>
        <source>工作提醒…</source>
        <translation>Reminders…</translation>
    </message>
    <message>
        <source>即将到期的报告、阶段和节点目标</source>
        <translation>Reports, phases and milestones coming due</translation>
    </message>
    <message>
        <source>专项行动</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>已保存专项行动</source>
        <translation>Campaign saved</translation>
    </message>
    <message>
        <source>工作提醒 {n}</source>
        <translation>Reminders {n}</translation>
    </message>
    <message>
        <source>等 {n} 项</source>
        <translation> and others ({n} in all)</translation>
    </message>
    <message>
        <source>工作提醒：{title}{more}</source>
        <translation>Reminder: {title}{more}</translation>
    </message>
    <message>
        <source>近期没有需要提醒的事项</source>
        <translation>Nothing is coming due</translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>阶段开始</source>
        <translation>Phase starts</translation>
    </message>
    <message>
        <source>阶段结束</source>
        <translation>Phase ends</translation>
    </message>
    <message>
        <source>节点目标</source>
        <translation>Milestone</translation>
    </message>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>图例：</source>
        <translation>Legend: </translation>
    </message>
    <message>
        <source>报告截止</source>
        <translation>Report due</translation>
    </message>
    <message>
        <source>阶段开始/结束</source>
        <translation>Phase start/end</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>截止</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>日历</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>专项行动 / 阶段</source>
        <translation>Campaign / phase</translation>
    </message>
    <message>
        <source>起止</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>专项行动</source>
        <translation>Campaigns</translation>
    </message>
    <message>
        <source>{year}年{month}月：{n} 项</source>
        <translation>{year}-{month}: {n} items</translation>
    </message>
    <message>
        <source>删除专项行动</source>
        <translation>Delete campaign</translation>
    </message>
    <message>
        <source>删除专项行动“{name}”及其全部阶段和节点目标？</source>
        <translation>Delete the campaign “{name}” with all its phases and milestones?</translation>
    </message>
    <message>
        <source>无法删除</source>
        <translation>Cannot delete</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>结束 / 到期</source>
        <translation>End / due</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>目标值</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>节点目标</source>
        <translation>Milestone</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>印发单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>新建专项行动</source>
        <translation>New campaign</translation>
    </message>
    <message>
        <source>编辑专项行动</source>
        <translation>Edit campaign</translation>
    </message>
    <message>
        <source>如 今冬明春安全生产专项整治行动</source>
        <translation>e.g. 今冬明春安全生产专项整治行动</translation>
    </message>
    <message>
        <source>文号，如 湛安委〔2026〕18号</source>
        <translation>Document number, e.g. 湛安委〔2026〕18号</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>名称*</source>
        <translation>Name*</translation>
    </message>
    <message>
        <source>起止日期*</source>
        <translation>Dates*</translation>
    </message>
    <message>
        <source>添加阶段</source>
        <translation>Add phase</translation>
    </message>
    <message>
        <source>添加节点目标</source>
        <translation>Add milestone</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>日期写作 2026-12-05；节点目标只填“结束 / 到期”；有目标值时须选指标（比率为百分数 0–100）。</source>
        <translation>Write dates as 2026-12-05; a milestone has only “End / due”; a target needs a KPI (rates in percent, 0–100).</translation>
    </message>
    <message>
        <source>阶段和节点目标</source>
        <translation>Phases and milestones</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>阶段和节点目标第 {row} 行“{column}”</source>
        <translation>Phases and milestones, row {row}, “{column}”</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <source>新的连接</source>
        <translation>New connection</translation>
    </message>
    <message>
        <source>服务器上已建好的空数据库，如 gridsafe</source>
        <translation>An empty database already created on the server, e.g. gridsafe</translation>
    </message>
    <message>
        <source>记住密码</source>
        <translation>Remember password</translation>
    </message>
    <message>
        <source>记住密码（本机不可用）</source>
        <translation>Remember password (not available on this computer)</translation>
    </message>
    <message>
        <source>密码只存入操作系统的密钥环（凭据管理器），不写入 gridsafe 的设置</source>
        <translation>The password is stored only in the operating system&apos;s keyring (Credential Manager), never in gridsafe&apos;s settings</translation>
    </message>
    <message>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>连接</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>主机</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>请填写：{fields}</source>
        <translation>Fill in: {fields}</translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>网格代码</source>
        <translation>Grid code</translation>
    </message>
    <message>
        <source>网格名称</source>
        <translation>Grid name</translation>
    </message>
    <message>
        <source>应巡场所</source>
        <translation>Sites due</translation>
    </message>
    <message>
        <source>已巡场所</source>
        <translation>Sites visited</translation>
    </message>
    <message>
        <source>应巡站次</source>
        <translation>Visits due</translation>
    </message>
    <message>
        <source>已巡站次</source>
        <translation>Visits made</translation>
    </message>
    <message>
        <source>覆盖率</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>时段，如 2026-W48、2026-11</source>
        <translation>Period, e.g. 2026-W48 or 2026-11</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Calculate</translation>
    </message>
    <message>
        <source>{p}：应巡 {due} 站次，已巡 {done} 站次，覆盖率 {r}</source>
        <translation>{p}: {done} of {due} visits made, coverage {r}</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>工作态势</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>统计(&amp;S)</source>
        <translation>&amp;Statistics</translation>
    </message>
    <message>
        <source>各项指标、趋势图和按乡镇、村、网格、行业的统计表</source>
        <translation>KPIs, trends and tables by township, village, grid and sector</translation>
    </message>
    <message>
        <source>本指标明细…</source>
        <translation>Records for this KPI…</translation>
    </message>
    <message>
        <source>地图上所示指标在此网格（村）的记录</source>
        <translation>The records of the mapped KPI in this grid (village)</translation>
    </message>
    <message>
        <source>没有隐患台账</source>
        <translation>No hazard ledger</translation>
    </message>
    <message>
        <source>没有巡查任务列表</source>
        <translation>No patrol list</translation>
    </message>
    <message>
        <source>{title}：{n} 个点位，所在巡查任务 {m} 个</source>
        <translation>{title}: {n} stops in {m} assignments</translation>
    </message>
    <message>
        <source>没有群众举报登记</source>
        <translation>No tip-off register</translation>
    </message>
    <message>
        <source>没有企业自查上报</source>
        <translation>No self-check register</translation>
    </message>
    <message>
        <source>请先打开项目</source>
        <translation>Open a project first</translation>
    </message>
    <message>
        <source>{kpi}（{period}{scope}，按{by}）</source>
        <translation>{kpi} ({period}{scope}, by {by})</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>grid</translation>
    </message>
    <message>
        <source>村</source>
        <translation>village</translation>
    </message>
    <message>
        <source>地图专题：{0}</source>
        <translation>KPI map: {0}</translation>
    </message>
    <message>
        <source>此处不在工作态势的统计范围内</source>
        <translation>This place is outside the dashboard&apos;s scope</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>周</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>季</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>年</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid member</translation>
    </message>
    <message>
        <source>乡镇（街道）</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>上一期</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <source>下一期</source>
        <translation>Next period</translation>
    </message>
    <message>
        <source>本期</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>在地图上显示</source>
        <translation>Show on map</translation>
    </message>
    <message>
        <source>按村或网格给地图着色（分组为乡镇或行业时按网格）</source>
        <translation>Colour the map by village or grid (by grid when grouped by township or sector)</translation>
    </message>
    <message>
        <source>移除地图专题</source>
        <translation>Remove KPI map</translation>
    </message>
    <message>
        <source>正在读取数据…</source>
        <translation>Reading data…</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>分组</source>
        <translation>Group by</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>地图专题</source>
        <translation>KPI map</translation>
    </message>
    <message>
        <source>单击数字查看对应的记录；双击乡镇或村的名称看其下各村或网格</source>
        <translation>Click a number to see its records; double-click a township or village to see its villages or grids</translation>
    </message>
    <message>
        <source>（本期未结束，按今天 {0:%Y-%m-%d} 的情况统计）</source>
        <translation> (the period is not over: counted as things stand today, {0:%Y-%m-%d})</translation>
    </message>
    <message>
        <source>无法读取数据：</source>
        <translation>Cannot read the data: </translation>
    </message>
    <message>
        <source>整个项目</source>
        <translation>Whole project</translation>
    </message>
</context>
<context>
    <name>DatabaseDialog</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>复制到数据库</source>
        <translation>Copy to database</translation>
    </message>
    <message>
        <source>把项目“{name}”无损复制到一个空的 PostgreSQL 数据库（需要 PostGIS），多台电脑可同时使用；原项目文件保持不变。</source>
        <translation>Copy the project “{name}” losslessly to an empty PostgreSQL database (PostGIS required) that several computers can use at once; the project file stays unchanged.</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>打开数据库项目</source>
        <translation>Open database project</translation>
    </message>
    <message>
        <source>连接到 PostgreSQL 数据库中的 gridsafe 项目。</source>
        <translation>Connect to a gridsafe project in a PostgreSQL database.</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>Databases</name>
    <message>
        <source>打开数据库项目(&amp;B)…</source>
        <translation>Open data&amp;base project…</translation>
    </message>
    <message>
        <source>打开 PostgreSQL 数据库中的 gridsafe 项目（多人共用）</source>
        <translation>Open a gridsafe project in a PostgreSQL database (shared by several users)</translation>
    </message>
    <message>
        <source>最近的数据库项目(&amp;R)</source>
        <translation>&amp;Recent database projects</translation>
    </message>
    <message>
        <source>复制到数据库(&amp;U)…</source>
        <translation>Cop&amp;y to database…</translation>
    </message>
    <message>
        <source>把打开的项目无损复制到 PostgreSQL 数据库，供多台电脑共用</source>
        <translation>Copy the open project losslessly to a PostgreSQL database, to share it between several computers</translation>
    </message>
    <message>
        <source>正在复制项目到 {name}…</source>
        <translation>Copying the project to {name}…</translation>
    </message>
    <message>
        <source>目标数据库不是空的</source>
        <translation>The target database is not empty</translation>
    </message>
    <message>
        <source>{there}。

用本项目替换数据库中已有的全部内容吗？此操作不能撤销。</source>
        <translation>{there}.

Replace everything in the database with this project? This cannot be undone.</translation>
    </message>
    <message>
        <source>无法复制项目</source>
        <translation>Cannot copy the project</translation>
    </message>
    <message>
        <source>现在打开数据库中的副本吗？</source>
        <translation>Open the copy in the database now?</translation>
    </message>
    <message>
        <source>已复制到数据库</source>
        <translation>Copied to the database</translation>
    </message>
    <message>
        <source>已取消复制，数据库未作任何修改</source>
        <translation>Copying cancelled; the database was not changed</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环（如 Windows 凭据管理器、GNOME 密钥环、KWallet），密码不会被记住，每次连接时请再输入。</source>
        <translation>This computer has no system keyring (such as Windows Credential Manager, GNOME Keyring or KWallet): the password is not remembered; enter it each time you connect.</translation>
    </message>
    <message>
        <source>无法把密码存入系统密钥环（{0}），密码不会被记住。</source>
        <translation>Cannot store the password in the system keyring ({0}); it is not remembered.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>未填</source>
        <translation>Not set</translation>
    </message>
</context>
<context>
    <name>EditingFeature</name>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>开始编辑</source>
        <translation>Start editing</translation>
    </message>
    <message>
        <source>网格（顶点）</source>
        <translation>Grids (vertices)</translation>
    </message>
    <message>
        <source>场所（移动）</source>
        <translation>Sites (move)</translation>
    </message>
    <message>
        <source>管线（顶点）</source>
        <translation>Pipelines (vertices)</translation>
    </message>
    <message>
        <source>道路（顶点）</source>
        <translation>Roads (vertices)</translation>
    </message>
    <message>
        <source>防火线（顶点）</source>
        <translation>Fire lines (vertices)</translation>
    </message>
    <message>
        <source>区域（顶点）</source>
        <translation>Zones (vertices)</translation>
    </message>
    <message>
        <source>结束编辑</source>
        <translation>Stop editing</translation>
    </message>
    <message>
        <source>分割网格…</source>
        <translation>Split grid…</translation>
    </message>
    <message>
        <source>合并网格</source>
        <translation>Merge grids</translation>
    </message>
    <message>
        <source>重塑网格…</source>
        <translation>Reshape grid…</translation>
    </message>
    <message>
        <source>重塑区域…</source>
        <translation>Reshape zone…</translation>
    </message>
    <message>
        <source>移动场所</source>
        <translation>Move site</translation>
    </message>
    <message>
        <source>新增管线…</source>
        <translation>Add pipeline…</translation>
    </message>
    <message>
        <source>新增道路…</source>
        <translation>Add road…</translation>
    </message>
    <message>
        <source>新增区域…</source>
        <translation>Add zone…</translation>
    </message>
    <message>
        <source>新增场所…</source>
        <translation>Add site…</translation>
    </message>
    <message>
        <source>编辑网格顶点</source>
        <translation>Edit grid vertices</translation>
    </message>
    <message>
        <source>编辑管线顶点</source>
        <translation>Edit pipeline vertices</translation>
    </message>
    <message>
        <source>拓扑编辑（共用顶点一起改）</source>
        <translation>Topological editing (shared vertices move together)</translation>
    </message>
    <message>
        <source>启用吸附</source>
        <translation>Enable snapping</translation>
    </message>
    <message>
        <source>吸附设置…</source>
        <translation>Snapping options…</translation>
    </message>
    <message>
        <source>编辑历史</source>
        <translation>Edit history</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>删除此场所或管线（可撤销）</source>
        <translation>Delete this site or pipeline (can be undone)</translation>
    </message>
    <message>
        <source>撤销“{0}”</source>
        <translation>Undo “{0}”</translation>
    </message>
    <message>
        <source>重做“{0}”</source>
        <translation>Redo “{0}”</translation>
    </message>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>已完成：{t}</source>
        <translation>Done: {t}</translation>
    </message>
    <message>
        <source>已撤销：{t}</source>
        <translation>Undone: {t}</translation>
    </message>
    <message>
        <source>已重做：{t}</source>
        <translation>Redone: {t}</translation>
    </message>
    <message>
        <source>分割网格：单击添加分割线的点（吸附到网格和村界的顶点、边，10 像素内），双击或回车完成，Backspace 撤销上一点，Esc 取消</source>
        <translation>Split grid: click to add the points of the cutting line (snaps to grid and village vertices and edges within 10 px); double-click or Enter finishes, Backspace removes the last point, Esc cancels</translation>
    </message>
    <message>
        <source>分割网格：在地图上画一条穿过网格的线，两端落在网格边界上或之外</source>
        <translation>Split grid: draw a line across the grid on the map, both ends on or beyond its boundary</translation>
    </message>
    <message>
        <source>分割网格</source>
        <translation>Split grid</translation>
    </message>
    <message>
        <source>分割线没有把任何一个网格完整分成两块。</source>
        <translation>The line does not cut any grid fully in two.</translation>
    </message>
    <message>
        <source>分割线穿过了 {n} 个网格：请先在地图上点选要分割的网格，再画分割线。</source>
        <translation>The line crosses {n} grids: first click the grid to split on the map, then draw the line.</translation>
    </message>
    <message>
        <source>分割网格 — 预览</source>
        <translation>Split grid — preview</translation>
    </message>
    <message>
        <source>网格{g}将分为两块：较大的一块保留原网格（隐患、人员、巡查任务不变），另一块成为新网格。本村网格按自西向东、自北向南重新编号：</source>
        <translation>Grid {g} will be split in two: the larger part keeps the grid (its hazards, people and patrols stay), the other becomes a new grid. The village&apos;s grids are renumbered west to east, north to south:</translation>
    </message>
    <message>
        <source>重塑：从边界起画线，到边界止（吸附到顶点和边），双击或回车完成；线外的部分加入，线内切下的较小部分去掉</source>
        <translation>Reshape: draw a line from the boundary back to the boundary (snaps to vertices and edges); double-click or Enter finishes. What the line encloses outside is added; the smaller side it cuts off inside is removed</translation>
    </message>
    <message>
        <source>重塑</source>
        <translation>Reshape</translation>
    </message>
    <message>
        <source>这条线没有落在任何一个要素的边界上。</source>
        <translation>The line does not meet the boundary of any feature.</translation>
    </message>
    <message>
        <source>重塑“{name}”</source>
        <translation>Reshape “{name}”</translation>
    </message>
    <message>
        <source>请先在地图上选中至少两个相邻的网格（Ctrl+拖动框选）。</source>
        <translation>First select at least two adjacent grids on the map (Ctrl+drag).</translation>
    </message>
    <message>
        <source>合并网格 — 预览</source>
        <translation>Merge grids — preview</translation>
    </message>
    <message>
        <source>网格{g}将合并为一个（保留编号最小的网格，其余网格的隐患、人员、巡查任务转到它名下）。本村网格按自西向东、自北向南重新编号：</source>
        <translation>Grids {g} will be merged into one (the lowest-numbered grid stays; the others&apos; hazards, people and patrols move to it). The village&apos;s grids are renumbered west to east, north to south:</translation>
    </message>
    <message>
        <source>移动场所：按住场所拖到新位置（吸附到顶点和边），Esc 结束</source>
        <translation>Move site: drag a site to its new place (snaps to vertices and edges); Esc ends</translation>
    </message>
    <message>
        <source>新增线：单击添加点，双击或回车完成，Backspace 撤销上一点，Esc 取消</source>
        <translation>Add line: click to add points; double-click or Enter finishes, Backspace removes the last point, Esc cancels</translation>
    </message>
    <message>
        <source>新增区域：单击添加顶点，双击或回车完成，Backspace 撤销上一点，Esc 取消</source>
        <translation>Add zone: click to add corners; double-click or Enter finishes, Backspace removes the last point, Esc cancels</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除“{name}”？可用“撤销”（Ctrl+Z）恢复。</source>
        <translation>Delete “{name}”? Undo (Ctrl+Z) brings it back.</translation>
    </message>
    <message>
        <source>新增场所：在地图上单击场所位置（吸附到顶点和边），Esc 返回</source>
        <translation>Add site: click the site&apos;s place on the map (snaps to vertices and edges); Esc returns</translation>
    </message>
    <message>
        <source>编辑顶点：拖动顶点移动（相邻网格、村界、乡镇界、区县界共用的顶点一起移动），双击边插入顶点，Del 删除选中的顶点，Esc 结束</source>
        <translation>Edit vertices: drag a vertex to move it (vertices shared with neighbouring grids and village, township and county boundaries move together); double-click an edge to insert a vertex, Del deletes the selected vertex, Esc ends</translation>
    </message>
    <message>
        <source>编辑区域顶点</source>
        <translation>Edit zone vertices</translation>
    </message>
    <message>
        <source>编辑线的顶点</source>
        <translation>Edit line vertices</translation>
    </message>
    <message>
        <source>（{n} 个要素共用）</source>
        <translation> (shared by {n} features)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>发生意外问题，操作未完成。详情已记录到：
{path}</source>
        <translation>An unexpected problem stopped the operation. Details were written to:
{path}</translation>
    </message>
</context>
<context>
    <name>EvidenceImport</name>
    <message>
        <source>自动检测（无法确定时不导入）</source>
        <translation>Detect automatically (skip when unsure)</translation>
    </message>
    <message>
        <source>WGS-84（GPS 原始坐标）</source>
        <translation>WGS-84 (raw GPS coordinates)</translation>
    </message>
    <message>
        <source>GCJ-02（火星坐标，将换算）</source>
        <translation>GCJ-02 (Chinese offset coordinates, converted)</translation>
    </message>
</context>
<context>
    <name>EvidenceImportDialog</name>
    <message>
        <source>导入轨迹和照片</source>
        <translation>Import tracks and photos</translation>
    </message>
    <message>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>添加文件夹…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>按网格员和时段</source>
        <translation>By grid member and period</translation>
    </message>
    <message>
        <source>按巡查任务</source>
        <translation>By patrol assignment</translation>
    </message>
    <message>
        <source>按文件名或文件夹名中的姓名</source>
        <translation>By the name in the file or folder name</translation>
    </message>
    <message>
        <source>时段，如 2026-W48、2026-11 或 2026-11-23</source>
        <translation>Period, e.g. 2026-W48, 2026-11 or 2026-11-23</translation>
    </message>
    <message>
        <source> 米</source>
        <translation> m</translation>
    </message>
    <message>
        <source>轨迹：GPX、奥维互动地图 KML/KMZ（需带时间）；照片：带 GPS 位置和拍摄时间的 JPEG。文件夹中的文件一并导入。</source>
        <translation>Tracks: GPX, Ovital Map KML/KMZ (with times); photos: JPEG with GPS position and time taken. Files in folders are imported too.</translation>
    </message>
    <message>
        <source>导入并核实</source>
        <translation>Import and verify</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid member</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>任务编号</source>
        <translation>Assignment no.</translation>
    </message>
    <message>
        <source>核实距离</source>
        <translation>Verification distance</translation>
    </message>
    <message>
        <source>轨迹坐标系</source>
        <translation>Track coordinates</translation>
    </message>
    <message>
        <source>选择轨迹和照片</source>
        <translation>Choose tracks and photos</translation>
    </message>
    <message>
        <source>轨迹和照片 (*.gpx *.kml *.kmz *.jpg *.jpeg)</source>
        <translation>Tracks and photos (*.gpx *.kml *.kmz *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>选择文件夹</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <source>请先添加轨迹或照片文件（或文件夹）</source>
        <translation>First add track or photo files (or folders)</translation>
    </message>
    <message>
        <source>请填写时段，如 2026-W48</source>
        <translation>Fill in the period, e.g. 2026-W48</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>KML（奥维、Google Earth）</source>
        <translation>KML (Ovi maps, Google Earth)</translation>
    </message>
    <message>
        <source>KMZ（奥维、Google Earth，压缩）</source>
        <translation>KMZ (Ovi maps, Google Earth, compressed)</translation>
    </message>
    <message>
        <source>CSV 表格（.csv）</source>
        <translation>CSV table (.csv)</translation>
    </message>
    <message>
        <source>Excel 表格（.xlsx）</source>
        <translation>Excel table (.xlsx)</translation>
    </message>
    <message>
        <source>导出图层</source>
        <translation>Export layer</translation>
    </message>
    <message>
        <source>地图上选中的{0}（{1} 个）</source>
        <translation>{0} selected on the map ({1})</translation>
    </message>
    <message>
        <source>{0}_选中</source>
        <translation>{0}_selected</translation>
    </message>
    <message>
        <source>全部图层</source>
        <translation>All layers</translation>
    </message>
    <message>
        <source>全部图层（GeoPackage、KML、KMZ）</source>
        <translation>All layers (GeoPackage, KML, KMZ)</translation>
    </message>
    <message>
        <source>属性表用 GBK 编码（给只认 GBK 的旧软件；默认 UTF-8 并附 .cpg）</source>
        <translation>Attribute table in GBK (for older software that reads only GBK; default UTF-8 with a .cpg)</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>取消导出</source>
        <translation>Cancel export</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>导出内容</source>
        <translation>What to export</translation>
    </message>
    <message>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>{0} 一个文件只能放一个图层：请选一个图层，或用 GeoPackage/KML/KMZ 导出全部图层。</source>
        <translation>{0} holds one layer per file: choose one layer, or export all layers as GeoPackage/KML/KMZ.</translation>
    </message>
    <message>
        <source>请选择保存位置。</source>
        <translation>Choose where to save.</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>正在导出到 {0} …</source>
        <translation>Exporting to {0} …</translation>
    </message>
    <message>
        <source>已导出：
{0}</source>
        <translation>Exported:
{0}</translation>
    </message>
    <message>
        <source>已取消导出，没有写入任何文件</source>
        <translation>Export cancelled; no file was written</translation>
    </message>
</context>
<context>
    <name>FeatureForm</name>
    <message>
        <source>未填</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>新建要素 — {layer}</source>
        <translation>New feature — {layer}</translation>
    </message>
    <message>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>* 为必填项</source>
        <translation>* required</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FindingSheet</name>
    <message>
        <source>燃气管线占压现场示意图</source>
        <translation>Gas pipeline occupation: site sketch</translation>
    </message>
    <message>
        <source>燃气管线安全间距不足现场示意图</source>
        <translation>Gas pipeline insufficient clearance: site sketch</translation>
    </message>
    <message>
        <source>第三方施工邻近燃气管线现场示意图</source>
        <translation>Third-party works near a gas pipeline: site sketch</translation>
    </message>
    <message>
        <source>本案施工范围</source>
        <translation>Works extent (this case)</translation>
    </message>
    <message>
        <source>本案建筑物</source>
        <translation>Building (this case)</translation>
    </message>
    <message>
        <source>燃气管道（本案管线）</source>
        <translation>Gas pipeline (this case)</translation>
    </message>
    <message>
        <source>保护范围（管道外缘两侧各 {w} 米）</source>
        <translation>Protection range ({w} m each side of the outer wall)</translation>
    </message>
    <message>
        <source>控制范围（管道外缘两侧各 {w} 米）</source>
        <translation>Control range ({w} m each side of the outer wall)</translation>
    </message>
    <message>
        <source>其他建筑物</source>
        <translation>Other buildings</translation>
    </message>
    <message>
        <source>量测距离（自管道外壁）</source>
        <translation>Measured distance (from the outer wall)</translation>
    </message>
    <message>
        <source>局部放大（1:{n}）</source>
        <translation>Detail (1:{n})</translation>
    </message>
    <message>
        <source>{d} 米</source>
        <translation>{d} m</translation>
    </message>
    <message>
        <source>压占管道（{d} 米）</source>
        <translation>Over the pipe ({d} m)</translation>
    </message>
    <message>
        <source>现场核查人（签字）：</source>
        <translation>Inspected on site by (signature):</translation>
    </message>
    <message>
        <source>燃气企业（签字）：</source>
        <translation>Gas company (signature):</translation>
    </message>
    <message>
        <source>日期：&#x3000;&#x3000;&#x3000;年&#x3000;&#x3000;月&#x3000;&#x3000;日</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>燃气管线安全隐患现场示意图</source>
        <translation>Gas pipeline hazard: site sketch</translation>
    </message>
    <message>
        <source>正在绘制现场示意图</source>
        <translation>Drawing site sketches</translation>
    </message>
    <message>
        <source>隐患编号 {code}&#x3000;分析日期 {day}</source>
        <translation>Hazard {code}  analysed {day}</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <source>第 {n} 页 共 {m} 页</source>
        <translation>Page {n} of {m}</translation>
    </message>
    <message>
        <source>打印日期 {d}</source>
        <translation>Printed {d}</translation>
    </message>
</context>
<context>
    <name>FireCoverageView</name>
    <message>
        <source>检查覆盖</source>
        <translation>Check coverage</translation>
    </message>
    <message>
        <source>还没有 {0} 年度的防火期</source>
        <translation>No fire season set for {0} yet</translation>
    </message>
    <message>
        <source>发现 {0} 处缺口</source>
        <translation>{0} gaps found</translation>
    </message>
    <message>
        <source>森林防火区均在护林员责任区内，紧要期每班均有人值守。</source>
        <translation>Every forest-fire zone lies in a ranger&apos;s area, and every critical-period shift is staffed.</translation>
    </message>
</context>
<context>
    <name>FireFeature</name>
    <message>
        <source>防火期日历</source>
        <translation>Fire season calendar</translation>
    </message>
    <message>
        <source>覆盖检查</source>
        <translation>Fire coverage check</translation>
    </message>
    <message>
        <source>值班表</source>
        <translation>Duty roster</translation>
    </message>
    <message>
        <source>登记簿</source>
        <translation>Registers</translation>
    </message>
    <message>
        <source>森林防火(&amp;R)</source>
        <translation>Forest fi&amp;re</translation>
    </message>
    <message>
        <source>值班表…</source>
        <translation>Duty roster…</translation>
    </message>
    <message>
        <source>登记簿…</source>
        <translation>Registers…</translation>
    </message>
    <message>
        <source>打印网格管理图（上墙）…</source>
        <translation>Print wall map…</translation>
    </message>
    <message>
        <source>网格管理图</source>
        <translation>Wall map</translation>
    </message>
    <message>
        <source>区域</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>Paper size</translation>
    </message>
    <message>
        <source>保存网格管理图</source>
        <translation>Save wall map</translation>
    </message>
    <message>
        <source>正在生成网格管理图…</source>
        <translation>Making the grid management map…</translation>
    </message>
    <message>
        <source>无法制图</source>
        <translation>Cannot make the map</translation>
    </message>
    <message>
        <source>已生成：</source>
        <translation>Saved: </translation>
    </message>
</context>
<context>
    <name>FireRegistersView</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>一站一码</source>
        <translation>Station code</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>检查用房</source>
        <translation>Inspection room</translation>
    </message>
    <message>
        <source>金属探测仪</source>
        <translation>Metal detector</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>经纬度</source>
        <translation>Longitude, latitude</translation>
    </message>
    <message>
        <source>用火日期</source>
        <translation>Dates of use</translation>
    </message>
    <message>
        <source>审批日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>保存检查站</source>
        <translation>Save checkpoints</translation>
    </message>
    <message>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>一站一码、类型、检查用房和金属探测仪可直接修改，点“保存检查站”一并保存。</source>
        <translation>Edit the station code, type, inspection room and metal detector in place; “Save checkpoints” saves them all at once.</translation>
    </message>
    <message>
        <source>检查站</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>审批人姓名（空：操作人）</source>
        <translation>Approver&apos;s name (empty: the operator)</translation>
    </message>
    <message>
        <source>新增申请…</source>
        <translation>New application…</translation>
    </message>
    <message>
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>不予批准</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>Approver</translation>
    </message>
    <message>
        <source>野外用火审批</source>
        <translation>Outdoor fire permits</translation>
    </message>
    <message>
        <source>显示隐私信息</source>
        <translation>Show private details</translation>
    </message>
    <message>
        <source>登记…</source>
        <translation>Register…</translation>
    </message>
    <message>
        <source>被监护人和监护人的个人信息默认隐藏，勾选“显示隐私信息”后显示。</source>
        <translation>Personal details of wards and guardians are hidden; tick “Show private details” to see them.</translation>
    </message>
    <message>
        <source>监护人登记</source>
        <translation>Guardian register</translation>
    </message>
    <message>
        <source>一站一码：留空表示未开通</source>
        <translation>Station code: leave empty when there is none yet</translation>
    </message>
    <message>
        <source>有</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>无法保存检查站</source>
        <translation>Cannot save checkpoints</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>野外用火申请</source>
        <translation>Outdoor fire application</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>用火地点</source>
        <translation>Place of fire</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>用火事由</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>防范措施</source>
        <translation>Precautions</translation>
    </message>
    <message>
        <source>无法登记用火申请</source>
        <translation>Cannot register the application</translation>
    </message>
    <message>
        <source>无法审批</source>
        <translation>Cannot decide</translation>
    </message>
    <message>
        <source>被监护人</source>
        <translation>Ward</translation>
    </message>
    <message>
        <source>行为能力</source>
        <translation>Legal capacity</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>监护人</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <source>监护人电话</source>
        <translation>Guardian&apos;s phone</translation>
    </message>
    <message>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>监护措施</source>
        <translation>Supervision measures</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>无法登记</source>
        <translation>Cannot register</translation>
    </message>
</context>
<context>
    <name>FireSeasonView</name>
    <message>
        <source>保存防火期</source>
        <translation>Save fire season</translation>
    </message>
    <message>
        <source>时段名称，如 庙会</source>
        <translation>Period name, e.g. temple fair</translation>
    </message>
    <message>
        <source>重点时段</source>
        <translation>Key period</translation>
    </message>
    <message>
        <source>紧要期</source>
        <translation>Critical period</translation>
    </message>
    <message>
        <source>添加时段</source>
        <translation>Add period</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>防火期</source>
        <translation>Fire season</translation>
    </message>
    <message>
        <source>图例：</source>
        <translation>Legend: </translation>
    </message>
    <message>
        <source>还没有这一年度的防火期：设置日期后点“保存防火期”。</source>
        <translation>No fire season for this year yet: set the dates, then click “Save fire season”.</translation>
    </message>
    <message>
        <source>手工</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>示例</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>按规则计算</source>
        <translation>By rule</translation>
    </message>
    <message>
        <source>{name}  {span}（{how}）</source>
        <translation>{name}  {span} ({how})</translation>
    </message>
    <message>
        <source>防火期 {0} 至 {1}</source>
        <translation>Fire season {0} to {1}</translation>
    </message>
    <message>
        <source>（含示例值，请按本地规定修改）</source>
        <translation> (demo values: adjust to local rules)</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <source>请填写时段名称</source>
        <translation>Enter a period name</translation>
    </message>
    <message>
        <source>请先保存防火期</source>
        <translation>Save the fire season first</translation>
    </message>
</context>
<context>
    <name>FirstRunGuide</name>
    <message>
        <source>导入乡镇和村边界…</source>
        <translation>Import township and village boundaries…</translation>
    </message>
    <message>
        <source>先导入本乡镇（街道）边界，再导入村（社区）边界（Shapefile、GeoPackage、KML 等）。</source>
        <translation>First the township boundary, then the village (community) boundaries (Shapefile, GeoPackage, KML …).</translation>
    </message>
    <message>
        <source>导入网格…</source>
        <translation>Import grids…</translation>
    </message>
    <message>
        <source>网格编码 15 位，前 12 位为所属村（社区）代码。</source>
        <translation>Grid codes have 15 digits; the first 12 are the village (community) code.</translation>
    </message>
    <message>
        <source>导入人员（网格员名册）…</source>
        <translation>Import people (grid member roster)…</translation>
    </message>
    <message>
        <source>Excel 或 CSV：姓名、联系电话、角色（网格员、网格长…）和所属网格；巡查排班要用。</source>
        <translation>Excel or CSV: name, phone, role and grid; patrol plans need them.</translation>
    </message>
    <message>
        <source>导入企业场所…</source>
        <translation>Import sites…</translation>
    </message>
    <message>
        <source>Excel 或 CSV 表格带经纬度两列即可，也可导入 GIS 点数据。</source>
        <translation>An Excel or CSV table with longitude and latitude columns will do, or GIS point data.</translation>
    </message>
    <message>
        <source>登记第一条隐患…</source>
        <translation>Record the first hazard…</translation>
    </message>
    <message>
        <source>在地图上单击一个场所，再登记它的隐患和整改期限。</source>
        <translation>Click a site on the map, then record its hazard and rectification deadline.</translation>
    </message>
    <message>
        <source>新项目：从这里开始</source>
        <translation>New project: start here</translation>
    </message>
    <message>
        <source>按顺序做下面几步，地图上就会出现本乡镇（街道）的边界、网格和企业场所。</source>
        <translation>Take these steps in order and the map will show your township&apos;s boundaries, grids and sites.</translation>
    </message>
    <message>
        <source>打开示例项目</source>
        <translation>Open the demo project</translation>
    </message>
    <message>
        <source>用户手册</source>
        <translation>User manual</translation>
    </message>
    <message>
        <source>关闭向导</source>
        <translation>Close guide</translation>
    </message>
    <message>
        <source>收起</source>
        <translation>Collapse</translation>
    </message>
    <message>
        <source>新项目，下一步：</source>
        <translation>New project, next step:</translation>
    </message>
    <message>
        <source>全部步骤…</source>
        <translation>All steps…</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>GasDocuments</name>
    <message>
        <source>安全告知书…</source>
        <translation>Safety notice…</translation>
    </message>
    <message>
        <source>为此第三方施工生成燃气管道保护安全告知书（Word 或 PDF，含回执）</source>
        <translation>Write the gas pipeline protection safety notice for this works (Word or PDF, with receipt)</translation>
    </message>
    <message>
        <source>现场示意图…</source>
        <translation>Site sketch…</translation>
    </message>
    <message>
        <source>打印此管线安全分析隐患的现场示意图（执法用图，PDF）</source>
        <translation>Print the site sketch of this pipeline-analysis hazard (for enforcement, PDF)</translation>
    </message>
    <message>
        <source>保存安全告知书</source>
        <translation>Save safety notice</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx);;PDF (*.pdf)</source>
        <translation>Word document (*.docx);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>生成安全告知书</source>
        <translation>Safety notice</translation>
    </message>
    <message>
        <source>正在生成燃气管道保护安全告知书…</source>
        <translation>Writing the gas pipeline protection safety notice…</translation>
    </message>
    <message>
        <source>保存现场示意图</source>
        <translation>Save site sketch</translation>
    </message>
    <message>
        <source>打印现场示意图</source>
        <translation>Site sketch</translation>
    </message>
    <message>
        <source>正在绘制现场示意图…</source>
        <translation>Drawing the site sketch…</translation>
    </message>
    <message>
        <source>已生成：</source>
        <translation>Written: </translation>
    </message>
</context>
<context>
    <name>GasFeature</name>
    <message>
        <source>管线安全分析</source>
        <translation>Pipeline safety analysis</translation>
    </message>
    <message>
        <source>燃气(&amp;G)</source>
        <translation>&amp;Gas</translation>
    </message>
    <message>
        <source>管线安全分析…</source>
        <translation>Pipeline safety analysis…</translation>
    </message>
    <message>
        <source>导出清单…</source>
        <translation>Export lists…</translation>
    </message>
    <message>
        <source>请先打开项目。</source>
        <translation>Open a project first.</translation>
    </message>
    <message>
        <source>未选择操作人，没有进行管线安全分析</source>
        <translation>No operator chosen; the pipeline safety analysis was not run</translation>
    </message>
    <message>
        <source>正在进行管线安全分析…</source>
        <translation>Running the pipeline safety analysis…</translation>
    </message>
    <message>
        <source>无法完成管线安全分析</source>
        <translation>Could not complete the pipeline safety analysis</translation>
    </message>
    <message>
        <source>已取消管线安全分析，未做任何修改</source>
        <translation>Pipeline safety analysis cancelled; nothing was changed</translation>
    </message>
    <message>
        <source>管线安全分析（试运行）：将新登记 {0} 条隐患，已在台账 {1} 条</source>
        <translation>Pipeline safety analysis (dry run): {0} hazards would be registered, {1} already in the ledger</translation>
    </message>
    <message>
        <source>管线安全分析：新登记 {0} 条隐患，已在台账 {1} 条</source>
        <translation>Pipeline safety analysis: {0} hazards registered, {1} already in the ledger</translation>
    </message>
    <message>
        <source>该隐患不在隐患图层上</source>
        <translation>This hazard is not on the hazard layer</translation>
    </message>
    <message>
        <source>导出清单</source>
        <translation>Export lists</translation>
    </message>
    <message>
        <source>导出燃气管线安全清单</source>
        <translation>Export gas pipeline safety lists</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导出清单…</source>
        <translation>Exporting lists…</translation>
    </message>
    <message>
        <source>已导出燃气管线安全清单：{0}（{1} 项）</source>
        <translation>Gas pipeline safety lists exported: {0} ({1} items)</translation>
    </message>
    <message>
        <source>无法导出</source>
        <translation>Could not export</translation>
    </message>
</context>
<context>
    <name>GasFindingsView</name>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>管线</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>压力级制</source>
        <translation>Pressure class</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Feature</translation>
    </message>
    <message>
        <source>距离(米)</source>
        <translation>Distance (m)</translation>
    </message>
    <message>
        <source>规定距离(米)</source>
        <translation>Required (m)</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>隐患等级</source>
        <translation>Hazard grade</translation>
    </message>
    <message>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>隐患编号</source>
        <translation>Hazard no.</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>隐患描述</source>
        <translation>Hazard description</translation>
    </message>
    <message>
        <source>占压</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>安全间距不足</source>
        <translation>Insufficient clearance</translation>
    </message>
    <message>
        <source>第三方施工</source>
        <translation>Third-party works</translation>
    </message>
    <message>
        <source>高后果区</source>
        <translation>High-consequence area</translation>
    </message>
    <message>
        <source>学校周边禁止经营</source>
        <translation>Banned business near a school</translation>
    </message>
    <message>
        <source>危化企业外部安全防护距离</source>
        <translation>Hazardous-chemical external safety distance</translation>
    </message>
    <message>
        <source>新登记</source>
        <translation>Registered now</translation>
    </message>
    <message>
        <source>待登记（试运行）</source>
        <translation>To register (dry run)</translation>
    </message>
    <message>
        <source>已在台账</source>
        <translation>Already in ledger</translation>
    </message>
    <message>
        <source>不登记（高后果区）</source>
        <translation>Not registered (area)</translation>
    </message>
    <message>
        <source>不登记（参数不全）</source>
        <translation>Not registered (incomplete parameters)</translation>
    </message>
    <message>
        <source>小于最小净距</source>
        <translation>Below minimum clearance</translation>
    </message>
    <message>
        <source>小于折减后最小净距</source>
        <translation>Below reduced minimum clearance</translation>
    </message>
    <message>
        <source>报警</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Ⅰ级</source>
        <translation>Level Ⅰ</translation>
    </message>
    <message>
        <source>Ⅱ级</source>
        <translation>Level Ⅱ</translation>
    </message>
    <message>
        <source>Ⅲ级</source>
        <translation>Level Ⅲ</translation>
    </message>
    <message>
        <source>防护距离内</source>
        <translation>Within the protection distance</translation>
    </message>
    <message>
        <source>参数不全</source>
        <translation>Incomplete parameters</translation>
    </message>
    <message>
        <source>外径</source>
        <translation>outside diameter</translation>
    </message>
    <message>
        <source>外部安全防护距离</source>
        <translation>external safety distance</translation>
    </message>
    <message>
        <source>（未命名，编号 {0}）</source>
        <translation>(unnamed, no. {0})</translation>
    </message>
    <message>
        <source>尚未分析。点“运行分析…”分析燃气管线。</source>
        <translation>Not analysed yet. Click “Run analysis…” to analyse the gas pipelines.</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>运行分析…</source>
        <translation>Run analysis…</translation>
    </message>
    <message>
        <source>导出清单…</source>
        <translation>Export lists…</translation>
    </message>
    <message>
        <source>以下隐患仍在台账中未销号，但本次分析未再发现：请现场核实后按程序办理，系统不自动销号。</source>
        <translation>These hazards are still open in the ledger but were not found again by this analysis: check them on site and close them through the normal procedure; they are not closed automatically.</translation>
    </message>
    <message>
        <source>本次发现</source>
        <translation>Found in this run</translation>
    </message>
    <message>
        <source>未再发现</source>
        <translation>No longer found</translation>
    </message>
    <message>
        <source>未再发现 ({0})</source>
        <translation>No longer found ({0})</translation>
    </message>
    <message>
        <source>{0} ↔ {1}</source>
        <translation>{0} ↔ {1}</translation>
    </message>
    <message>
        <source>参数不全（缺{0}）</source>
        <translation>Incomplete parameters (no {0})</translation>
    </message>
    <message>
        <source>{0}（默认）</source>
        <translation>{0} (default)</translation>
    </message>
    <message>
        <source>参数不全（{0}按默认值）</source>
        <translation>Incomplete parameters ({0} defaulted)</translation>
    </message>
    <message>
        <source>{on}：占压 {occ} 处，安全间距不足 {cl} 处，第三方施工 {tpw} 处，高后果区 {hca} 处；学校周边禁止经营 {sz} 处，危化企业外部安全防护距离内有防护目标 {ed} 处。</source>
        <translation>{on}: {occ} occupations, {cl} insufficient clearances, {tpw} third-party works, {hca} high-consequence areas; {sz} banned businesses near schools, {ed} protected targets within a hazardous-chemical enterprise&apos;s external safety distance.</translation>
    </message>
    <message>
        <source>{0} 家危化企业未填外部安全防护距离，无法核查（参数不全）。</source>
        <translation>{0} hazardous-chemical enterprises have no external safety distance and could not be checked (incomplete parameters).</translation>
    </message>
    <message>
        <source>试运行，未写入台账：将新登记 {0} 条隐患，已在台账 {1} 条。</source>
        <translation>Dry run, ledger unchanged: {0} hazards would be registered, {1} already in the ledger.</translation>
    </message>
    <message>
        <source>新登记 {0} 条隐患，已在台账 {1} 条。</source>
        <translation>{0} hazards registered, {1} already in the ledger.</translation>
    </message>
    <message>
        <source>台账中 {0} 条本次未再发现（未自动销号）。</source>
        <translation>{0} in the ledger no longer found (not closed automatically).</translation>
    </message>
</context>
<context>
    <name>GasRunDialog</name>
    <message>
        <source>管线安全分析</source>
        <translation>Pipeline safety analysis</translation>
    </message>
    <message>
        <source>试运行（不写入台账）</source>
        <translation>Dry run (do not write to the ledger)</translation>
    </message>
    <message>
        <source>分析燃气管线的占压、安全间距不足、第三方施工和高后果区，并核查学校周边禁止经营的场所和危化企业外部安全防护距离内的防护目标。占压、安全间距不足和第三方施工登记为隐患（来源：管线安全分析），周边两项登记为隐患（来源：周边安全距离分析）；已在台账的不重复登记，不再出现的只列出、不自动销号。</source>
        <translation>Analyses the gas pipelines for occupation, insufficient clearance, third-party works and high-consequence areas, and checks for banned businesses near schools and protected targets within hazardous-chemical enterprises&apos; external safety distances. Occupation, clearance and works findings are registered as hazards (source: pipeline safety analysis), the two surrounding checks as hazards of source surrounding safety-distance analysis; those already in the ledger are not registered again, and those no longer found are listed, not closed.</translation>
    </message>
    <message>
        <source>分析日期</source>
        <translation>Analysis date</translation>
    </message>
    <message>
        <source>运行</source>
        <translation>Run</translation>
    </message>
</context>
<context>
    <name>HazardAlertsPanel</name>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>处置</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>打开项目后自动检查预警</source>
        <translation>Alerts are checked when a project opens</translation>
    </message>
    <message>
        <source>全部预警</source>
        <translation>All alerts</translation>
    </message>
    <message>
        <source>重新检查</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>正在检查预警规则…</source>
        <translation>Checking alert rules…</translation>
    </message>
    <message>
        <source>全部预警（{0}）</source>
        <translation>All alerts ({0})</translation>
    </message>
    <message>
        <source>{rule}（{n}）</source>
        <translation>{rule} ({n})</translation>
    </message>
    <message>
        <source>预警：{0}。双击一行查看。</source>
        <translation>Alerts: {0}. Double-click a row to view it.</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>没有预警</source>
        <translation>No alerts</translation>
    </message>
    <message>
        <source>无法检查预警：</source>
        <translation>Cannot check alerts: </translation>
    </message>
</context>
<context>
    <name>HazardFeature</name>
    <message>
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>预警（单击查看）</source>
        <translation>Alerts (click to view)</translation>
    </message>
    <message>
        <source>隐患(&amp;Z)</source>
        <translation>Ha&amp;zards</translation>
    </message>
    <message>
        <source>隐患台账(&amp;L)</source>
        <translation>Hazard &amp;ledger</translation>
    </message>
    <message>
        <source>新增隐患(&amp;N)…</source>
        <translation>&amp;New hazard…</translation>
    </message>
    <message>
        <source>为所选要素新增隐患(&amp;F)…</source>
        <translation>New hazard on selected &amp;feature…</translation>
    </message>
    <message>
        <source>检查预警(&amp;E)</source>
        <translation>Check al&amp;erts</translation>
    </message>
    <message>
        <source>导出隐患排查治理台账(&amp;X)…</source>
        <translation>E&amp;xport hazard ledger…</translation>
    </message>
    <message>
        <source>导出专项整治清单(&amp;S)…</source>
        <translation>Export &amp;special rectification list…</translation>
    </message>
    <message>
        <source>整改通知书(&amp;T)…</source>
        <translation>Rectification no&amp;tice…</translation>
    </message>
    <message>
        <source>在隐患台账中只显示此要素的隐患</source>
        <translation>Show only this feature&apos;s hazards in the ledger</translation>
    </message>
    <message>
        <source>在所示要素上登记一条隐患</source>
        <translation>Record a hazard on the feature shown</translation>
    </message>
    <message>
        <source>为此要素新增隐患…</source>
        <translation>New hazard for this feature…</translation>
    </message>
    <message>
        <source>检查预警</source>
        <translation>Check alerts</translation>
    </message>
    <message>
        <source>请先打开项目。</source>
        <translation>Open a project first.</translation>
    </message>
    <message>
        <source>预警 0</source>
        <translation>Alerts 0</translation>
    </message>
    <message>
        <source>预警 {0}</source>
        <translation>Alerts {0}</translation>
    </message>
    <message>
        <source>隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <source>请先在地图上单击一个场所、管线、道路、区域或网格</source>
        <translation>First click a site, pipeline, road, zone or grid on the map</translation>
    </message>
    <message>
        <source>请先在地图上单击一个场所、管线、道路、区域或网格，再新增隐患</source>
        <translation>First click a site, pipeline, road, zone or grid on the map, then add the hazard</translation>
    </message>
    <message>
        <source>这类要素没有隐患台账</source>
        <translation>This kind of feature has no hazard ledger</translation>
    </message>
    <message>
        <source>{kind}“{name}”的隐患</source>
        <translation>Hazards of {kind} “{name}”</translation>
    </message>
    <message>
        <source>该隐患不在隐患图层上（已销号或无位置），已显示其所在场所</source>
        <translation>The hazard is not on the hazard layer (closed or without a location); its site is shown instead</translation>
    </message>
    <message>
        <source>该隐患没有地图位置</source>
        <translation>The hazard has no location on the map</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>上一个导出尚未完成</source>
        <translation>The previous export has not finished yet</translation>
    </message>
    <message>
        <source>无法导出</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <source>已取消导出，没有写入文件</source>
        <translation>Export cancelled; no file was written</translation>
    </message>
    <message>
        <source>正在导出隐患整改通知书…</source>
        <translation>Exporting the rectification notice…</translation>
    </message>
    <message>
        <source>导出隐患排查治理台账</source>
        <translation>Export hazard ledger</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>已导出隐患排查治理台账：{0}（{1} 条）</source>
        <translation>Hazard ledger exported: {0} ({1} hazards)</translation>
    </message>
    <message>
        <source>正在导出隐患排查治理台账…</source>
        <translation>Exporting the hazard ledger…</translation>
    </message>
    <message>
        <source>导出安全生产专项整治清单</source>
        <translation>Export special rectification list</translation>
    </message>
    <message>
        <source>已导出专项整治清单：{0}（{1} 个行业）</source>
        <translation>Special rectification list exported: {0} ({1} sectors)</translation>
    </message>
    <message>
        <source>正在导出专项整治清单…</source>
        <translation>Exporting the sector rectification list…</translation>
    </message>
    <message>
        <source>整改通知书</source>
        <translation>Rectification notice</translation>
    </message>
    <message>
        <source>请先在隐患台账中选中一条隐患。</source>
        <translation>First select a hazard in the hazard ledger.</translation>
    </message>
    <message>
        <source>未选择操作人，没有下达整改通知书</source>
        <translation>No operator chosen: the rectification notice was not issued</translation>
    </message>
    <message>
        <source>隐患“{0}”的整改期限 {1} 已过 {2} 天。仍要打印整改通知书吗？</source>
        <translation>The rectification deadline of hazard &quot;{0}&quot;, {1}, passed {2} days ago. Print the rectification notice anyway?</translation>
    </message>
    <message>
        <source>导出隐患整改通知书</source>
        <translation>Export rectification notice</translation>
    </message>
    <message>
        <source>已导出隐患整改通知书 {0}：{1}</source>
        <translation>Rectification notice {0} exported: {1}</translation>
    </message>
</context>
<context>
    <name>HazardForm</name>
    <message>
        <source>操作人</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>没有签字：{0}未登记为{1}</source>
        <translation>Not signed: {0} is not registered as {1}</translation>
    </message>
    <message>
        <source>签字身份</source>
        <translation>Signing as</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.gif *.bmp *.webp);;所有文件 (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp);;All files (*)</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>（未定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>隐患描述：在什么位置、存在什么问题</source>
        <translation>Describe the hazard: where it is and what is wrong</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>关联对象</source>
        <translation>Linked to</translation>
    </message>
    <message>
        <source>经度</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>纬度</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>（可选，发现位置）</source>
        <translation>(optional: where it was found)</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>发现人</source>
        <translation>Found by</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>行业领域</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>隐患等级</source>
        <translation>Hazard grade</translation>
    </message>
    <message>
        <source>隐患来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>清单条目</source>
        <translation>Checklist item</translation>
    </message>
    <message>
        <source>隐患描述</source>
        <translation>Hazard description</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>（不督办）</source>
        <translation>(not supervised)</translation>
    </message>
    <message>
        <source>五定（交办前须填全）</source>
        <translation>Five fixes (complete before assigning)</translation>
    </message>
    <message>
        <source>整改责任人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>整改时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>整改完成人</source>
        <translation>Rectified by</translation>
    </message>
    <message>
        <source>整改验收人</source>
        <translation>Accepted by</translation>
    </message>
    <message>
        <source>五落实（重大隐患必填）</source>
        <translation>Five implementations (required for major hazards)</translation>
    </message>
    <message>
        <source>措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>责任</source>
        <translation>Responsibility</translation>
    </message>
    <message>
        <source>资金</source>
        <translation>Funds</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>预案</source>
        <translation>Contingency plan</translation>
    </message>
    <message>
        <source>挂牌督办</source>
        <translation>Supervised listing</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>督办单位</source>
        <translation>Supervising body</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>签字环节</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>签字人身份</source>
        <translation>Signed as</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&lt;b&gt;三查三签字&lt;/b&gt;：{0}</source>
        <translation>&lt;b&gt;Three checks, three signatures&lt;/b&gt;: {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;履历&lt;/b&gt;（只增不改）</source>
        <translation>&lt;b&gt;History&lt;/b&gt; (entries are added, never changed)</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basics</translation>
    </message>
    <message>
        <source>五定·五落实·督办</source>
        <translation>Five fixes · five implementations · supervision</translation>
    </message>
    <message>
        <source>履历与签字</source>
        <translation>History and signatures</translation>
    </message>
    <message>
        <source>（签字身份）</source>
        <translation>(signing as)</translation>
    </message>
    <message>
        <source>说明（退回、备注须填写）</source>
        <translation>Note (required to send back or to add a note)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>（不对应清单条目）</source>
        <translation>(no checklist item)</translation>
    </message>
    <message>
        <source>五落实（重大隐患必填）&#x3000;— 本隐患为一般隐患，可不填</source>
        <translation>Five implementations (required for major hazards) — this hazard is general: optional</translation>
    </message>
    <message>
        <source>新增隐患</source>
        <translation>New hazard</translation>
    </message>
    <message>
        <source>&lt;b&gt;新增隐患&lt;/b&gt;：登记后可交办（五定填全）</source>
        <translation>&lt;b&gt;New hazard&lt;/b&gt;: once recorded it can be assigned (with the five fixes complete)</translation>
    </message>
    <message>
        <source>找不到编号为 {0} 的隐患</source>
        <translation>No hazard with the id {0}</translation>
    </message>
    <message>
        <source>隐患 {0}</source>
        <translation>Hazard {0}</translation>
    </message>
    <message>
        <source>逾期 {0} 天</source>
        <translation>{0} days overdue</translation>
    </message>
    <message>
        <source>&lt;b&gt;隐患 {code}&lt;/b&gt;&#x3000;状态：&lt;b&gt;{status}&lt;/b&gt;{late}</source>
        <translation>&lt;b&gt;Hazard {code}&lt;/b&gt;&#x3000;Status: &lt;b&gt;{status}&lt;/b&gt;{late}</translation>
    </message>
    <message>
        <source>版本 {0}</source>
        <translation>version {0}</translation>
    </message>
    <message>
        <source>已签</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>尚缺</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>不需要</source>
        <translation>Not needed</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>尚缺签字：{0}</source>
        <translation>Signatures missing: {0}</translation>
    </message>
    <message>
        <source>签字已齐全</source>
        <translation>All signatures are in</translation>
    </message>
    <message>
        <source>本隐患等级不需要三查三签字</source>
        <translation>This grade needs no three signatures</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>放弃已填写的内容？</source>
        <translation>Discard what you have entered?</translation>
    </message>
    <message>
        <source>关闭后，尚未登记或保存的内容不会保留。</source>
        <translation>Anything not yet registered or saved is lost when the form closes.</translation>
    </message>
    <message>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>继续填写</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>没有修改</source>
        <translation>Nothing changed</translation>
    </message>
    <message>
        <source>请选择隐患关联的场所、线状设施、区域或网格，或填写发现位置</source>
        <translation>Choose the site, line, zone or grid the hazard belongs to, or enter where it was found</translation>
    </message>
    <message>
        <source>已登记隐患 {0}</source>
        <translation>Hazard {0} recorded</translation>
    </message>
    <message>
        <source>请先登记隐患</source>
        <translation>Record the hazard first</translation>
    </message>
    <message>
        <source>已登记“{step}”这一步，隐患当前状态：{status}</source>
        <translation>Step “{step}” recorded; the hazard is now: {status}</translation>
    </message>
    <message>
        <source>“{0}”未登记为“{1}”。签字记入隐患履历后不能修改。
仍以“{1}”的身份为“{0}”签字吗？</source>
        <translation>&quot;{0}&quot; is not registered as &quot;{1}&quot;. A signature in the hazard history cannot be changed later.
Sign for &quot;{0}&quot; as &quot;{1}&quot; anyway?</translation>
    </message>
    <message>
        <source>添加隐患照片</source>
        <translation>Add hazard photos</translation>
    </message>
    <message>
        <source>无法读取照片“{0}”：{1}</source>
        <translation>Cannot read the photo “{0}”: {1}</translation>
    </message>
    <message>
        <source>“{0}”不是可识别的图片文件（支持 JPG、PNG、GIF、BMP、WEBP）</source>
        <translation>“{0}” is not an image file that can be read (JPG, PNG, GIF, BMP and WEBP are)</translation>
    </message>
    <message>
        <source>已添加 {0} 张照片</source>
        <translation>{0} photos added</translation>
    </message>
</context>
<context>
    <name>HazardLedgerView</name>
    <message>
        <source>全部网格（可输入代码前缀）</source>
        <translation>All grids (type a code prefix)</translation>
    </message>
    <message>
        <source>逾期：全部</source>
        <translation>Overdue: all</translation>
    </message>
    <message>
        <source>仅逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>未逾期</source>
        <translation>Not overdue</translation>
    </message>
    <message>
        <source>挂牌督办</source>
        <translation>Supervised listing</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>整改时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>整改责任人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>尚缺签字</source>
        <translation>Missing signatures</translation>
    </message>
    <message>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>{status}·逾期{n}天</source>
        <translation>{status} · {n} days overdue</translation>
    </message>
    <message>
        <source>检索编号、描述、地点、责任人…</source>
        <translation>Search code, description, location, owner…</translation>
    </message>
    <message>
        <source>不再只看这个要素的隐患</source>
        <translation>Stop showing only this feature&apos;s hazards</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>在地图上显示</source>
        <translation>Show on map</translation>
    </message>
    <message>
        <source>新增隐患…</source>
        <translation>New hazard…</translation>
    </message>
    <message>
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <source>整改通知书…</source>
        <translation>Rectification notice…</translation>
    </message>
    <message>
        <source>状态：全部</source>
        <translation>Status: all</translation>
    </message>
    <message>
        <source>未销号</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <source>行业：全部</source>
        <translation>Sector: all</translation>
    </message>
    <message>
        <source>等级：全部</source>
        <translation>Grade: all</translation>
    </message>
    <message>
        <source>正在读取隐患…</source>
        <translation>Reading hazards…</translation>
    </message>
    <message>
        <source>已取消读取隐患台账</source>
        <translation>Reading the hazard ledger was cancelled</translation>
    </message>
    <message>
        <source>无法读取隐患台账：</source>
        <translation>Cannot read the hazard ledger: </translation>
    </message>
    <message>
        <source>仅显示：</source>
        <translation>Showing only: </translation>
    </message>
    <message>
        <source>仅显示：{title}（{n} 条）</source>
        <translation>Only: {title} ({n})</translation>
    </message>
    <message>
        <source>共 {0} 条（全部 {1} 条），其中逾期 {2} 条</source>
        <translation>{0} of {1} hazards, {2} overdue</translation>
    </message>
    <message>
        <source>请先在表中选中一条隐患</source>
        <translation>First select a hazard in the table</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>（打开项目时）</source>
        <translation>(when the project was opened)</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <source>乡镇（街道）</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>企业与场所</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>燃气管道</source>
        <translation>Gas pipeline</translation>
    </message>
    <message>
        <source>道路</source>
        <translation>Road</translation>
    </message>
    <message>
        <source>防火线路</source>
        <translation>Fire line</translation>
    </message>
    <message>
        <source>区域</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>建筑物</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>第三方施工</source>
        <translation>Third-party works</translation>
    </message>
    <message>
        <source>隐患</source>
        <translation>Hazard</translation>
    </message>
    <message>
        <source>群众举报</source>
        <translation>Public tip-offs</translation>
    </message>
    <message>
        <source>巡查任务</source>
        <translation>Patrol</translation>
    </message>
    <message>
        <source>燃气管道保护范围</source>
        <translation>Gas pipeline protection range</translation>
    </message>
    <message>
        <source>燃气管道控制范围</source>
        <translation>Gas pipeline control range</translation>
    </message>
    <message>
        <source>燃气管道高后果区</source>
        <translation>Gas pipeline high-consequence areas</translation>
    </message>
    <message>
        <source>燃气管道地区等级</source>
        <translation>Gas pipeline location class</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>{m} 米</source>
        <translation>{m} m</translation>
    </message>
    <message>
        <source>（按默认值）</source>
        <translation> (default value)</translation>
    </message>
    <message>
        <source>地区等级</source>
        <translation>Location class</translation>
    </message>
    <message>
        <source>高后果区</source>
        <translation>High-consequence area</translation>
    </message>
    <message>
        <source>{level}级</source>
        <translation>Level {level}</translation>
    </message>
    <message>
        <source>保护范围与控制范围</source>
        <translation>Protection and control ranges</translation>
    </message>
    <message>
        <source>管外缘每侧 {m}</source>
        <translation>{m} each side of the outer wall</translation>
    </message>
    <message>
        <source>（按默认值：{what}）</source>
        <translation> (default values: {what})</translation>
    </message>
    <message>
        <source>压力级制</source>
        <translation>Pressure class</translation>
    </message>
    <message>
        <source>外径</source>
        <translation>Outside diameter</translation>
    </message>
    <message>
        <source>{mm} 毫米</source>
        <translation>{mm} mm</translation>
    </message>
    <message>
        <source>保护范围</source>
        <translation>Protection range</translation>
    </message>
    <message>
        <source>控制范围</source>
        <translation>Control range</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>距管外缘 {m}</source>
        <translation>{m} from the outer wall</translation>
    </message>
    <message>
        <source>场所数</source>
        <translation>Sites</translation>
    </message>
    <message>
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>所在场所</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>未到</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <source>在地图上单击要素查看详情</source>
        <translation>Click a feature on the map to see its details</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>隐患台账…</source>
        <translation>Hazard ledger…</translation>
    </message>
    <message>
        <source>巡查记录…</source>
        <translation>Patrol history…</translation>
    </message>
    <message>
        <source>此处没有要素</source>
        <translation>No features here</translation>
    </message>
    <message>
        <source>&lt;b&gt;{kind}&lt;/b&gt;：{name}</source>
        <translation>&lt;b&gt;{kind}&lt;/b&gt;: {name}</translation>
    </message>
    <message>
        <source>属性</source>
        <translation>Attributes</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>保护范围内建筑物（{n}）</source>
        <translation>Buildings in the protection range ({n})</translation>
    </message>
    <message>
        <source>控制范围内在施第三方施工（{n}）</source>
        <translation>Active third-party works in the control range ({n})</translation>
    </message>
    <message>
        <source>所属网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>隐患（按状态）</source>
        <translation>Hazards (by status)</translation>
    </message>
    <message>
        <source>{n} 条</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible people</translation>
    </message>
    <message>
        <source>巡查点</source>
        <translation>Stops</translation>
    </message>
    <message>
        <source>巡查记录</source>
        <translation>Patrol history</translation>
    </message>
    <message>
        <source>此处其他要素</source>
        <translation>Other features here</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>GBK（国标）</source>
        <translation>GBK (Chinese national standard)</translation>
    </message>
    <message>
        <source>普通坐标（按坐标系读取）</source>
        <translation>Plain coordinates (read in the coordinate system)</translation>
    </message>
    <message>
        <source>GCJ-02（高德、腾讯地图上取的点）</source>
        <translation>GCJ-02 (points taken from Amap or Tencent Maps)</translation>
    </message>
    <message>
        <source>BD-09（百度地图上取的点）</source>
        <translation>BD-09 (points taken from Baidu Maps)</translation>
    </message>
    <message>
        <source>数据文件 ({formats});;Shapefile (*.shp);;GeoPackage (*.gpkg);;Excel (*.xlsx);;CSV (*.csv *.txt);;KML/KMZ (*.kml *.kmz);;GeoJSON (*.geojson *.json);;GPX (*.gpx);;所有文件 (*)</source>
        <translation>Data files ({formats});;Shapefile (*.shp);;GeoPackage (*.gpkg);;Excel (*.xlsx);;CSV (*.csv *.txt);;KML/KMZ (*.kml *.kmz);;GeoJSON (*.geojson *.json);;GPX (*.gpx);;All files (*)</translation>
    </message>
    <message>
        <source>经度 {0}～{1}，纬度 {2}～{3}</source>
        <translation>longitude {0}–{1}, latitude {2}–{3}</translation>
    </message>
    <message>
        <source>导入数据</source>
        <translation>Import data</translation>
    </message>
    <message>
        <source>请选择要导入的数据文件</source>
        <translation>Choose the data file to import</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>经度/X</source>
        <translation>Longitude/X</translation>
    </message>
    <message>
        <source>纬度/Y</source>
        <translation>Latitude/Y</translation>
    </message>
    <message>
        <source>数据文件</source>
        <translation>Data file</translation>
    </message>
    <message>
        <source>图层/工作表</source>
        <translation>Layer/sheet</translation>
    </message>
    <message>
        <source>导入到</source>
        <translation>Import into</translation>
    </message>
    <message>
        <source>文字编码</source>
        <translation>Text encoding</translation>
    </message>
    <message>
        <source>坐标列</source>
        <translation>Coordinate columns</translation>
    </message>
    <message>
        <source>坐标来源</source>
        <translation>Coordinates from</translation>
    </message>
    <message>
        <source>坐标系</source>
        <translation>Coordinate system</translation>
    </message>
    <message>
        <source>数据与坐标</source>
        <translation>Data and coordinates</translation>
    </message>
    <message>
        <source>默认（常用字段名）</source>
        <translation>Default (common field names)</translation>
    </message>
    <message>
        <source>另存为模板…</source>
        <translation>Save as template…</translation>
    </message>
    <message>
        <source>字段对照模板</source>
        <translation>Field mapping template</translation>
    </message>
    <message>
        <source>图层字段</source>
        <translation>Layer field</translation>
    </message>
    <message>
        <source>来源字段</source>
        <translation>Source field</translation>
    </message>
    <message>
        <source>第一行的值</source>
        <translation>Value in the first row</translation>
    </message>
    <message>
        <source>未对应的来源字段作为附加属性一并导入。</source>
        <translation>Source fields not mapped are imported as extra attributes.</translation>
    </message>
    <message>
        <source>字段对照</source>
        <translation>Field mapping</translation>
    </message>
    <message>
        <source>预览（前 {0} 行）</source>
        <translation>Preview (first {0} rows)</translation>
    </message>
    <message>
        <source>有问题的行跳过，只导入通过检查的行（默认：有问题就全部不导入）</source>
        <translation>Skip rows with problems and import only the rows that pass (default: import nothing when any row has a problem)</translation>
    </message>
    <message>
        <source>开始导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>选择要导入的数据文件</source>
        <translation>Choose the data file to import</translation>
    </message>
    <message>
        <source>自动检测</source>
        <translation>Detect automatically</translation>
    </message>
    <message>
        <source>{0}。请在“坐标列”中选择经度/X 和纬度/Y 所在的列。</source>
        <translation>{0}. Choose the columns holding longitude/X and latitude/Y under “Coordinate columns”.</translation>
    </message>
    <message>
        <source>{0} 行</source>
        <translation>{0} rows</translation>
    </message>
    <message>
        <source>{0} 个要素</source>
        <translation>{0} features</translation>
    </message>
    <message>
        <source>编码 {0}</source>
        <translation>encoding {0}</translation>
    </message>
    <message>
        <source>自动检测（{0}）</source>
        <translation>Detect automatically ({0})</translation>
    </message>
    <message>
        <source>我已核对：坐标按“{0}”读取</source>
        <translation>I have checked: the coordinates are read as “{0}”</translation>
    </message>
    <message>
        <source>经纬度将从 GCJ-02/BD-09 纠偏转换为 CGCS2000。</source>
        <translation>Longitudes and latitudes are converted from GCJ-02/BD-09 to CGCS2000.</translation>
    </message>
    <message>
        <source>文件声明的坐标系：{0}。</source>
        <translation>Coordinate system declared by the file: {0}.</translation>
    </message>
    <message>
        <source>文件声明的坐标系是 {0}，但坐标按它换算后不在中国境内。</source>
        <translation>The file declares {0}, but its coordinates converted from it fall outside China.</translation>
    </message>
    <message>
        <source>文件没有坐标系信息。</source>
        <translation>The file says nothing about its coordinate system.</translation>
    </message>
    <message>
        <source>（其他可能：{0}）</source>
        <translation> (also possible: {0})</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>推测为 {0}：{1}{2}。请核对后确认。</source>
        <translation>Probably {0}: {1}{2}. Check it, then confirm.</translation>
    </message>
    <message>
        <source>无法从坐标范围判断坐标系，请选择正确的坐标系。</source>
        <translation>The coordinate system cannot be told from the coordinates&apos; range: choose the right one.</translation>
    </message>
    <message>
        <source>⚠ 按所选坐标系换算后不在中国境内，请换一个坐标系。</source>
        <translation>⚠ Converted in the chosen coordinate system the data falls outside China: choose another one.</translation>
    </message>
    <message>
        <source>，在项目范围附近</source>
        <translation>, near the project&apos;s area</translation>
    </message>
    <message>
        <source>，⚠ 远离项目范围</source>
        <translation>, ⚠ far from the project&apos;s area</translation>
    </message>
    <message>
        <source>换算后：{0}{1}。</source>
        <translation>Converted: {0}{1}.</translation>
    </message>
    <message>
        <source>文件 {0}</source>
        <translation>file {0}</translation>
    </message>
    <message>
        <source>{0}（已按默认模板对照）</source>
        <translation>{0} (mapped with the default template)</translation>
    </message>
    <message>
        <source>（必填）</source>
        <translation> (required)</translation>
    </message>
    <message>
        <source>另存为字段对照模板</source>
        <translation>Save as field mapping template</translation>
    </message>
    <message>
        <source>模板名称：</source>
        <translation>Template name:</translation>
    </message>
    <message>
        <source>无法保存模板</source>
        <translation>Cannot save the template</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>坐标</source>
        <translation>Coordinates</translation>
    </message>
    <message>
        <source>必填字段“{0}”没有对应的来源字段，这些行将被拒绝。</source>
        <translation>The required fields “{0}” have no source field: those rows will be refused.</translation>
    </message>
    <message>
        <source>正在导入 {0} → {1}</source>
        <translation>Importing {0} → {1}</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>导入完成：{0} 条数据已导入“{1}”</source>
        <translation>Import finished: {0} records imported into “{1}”</translation>
    </message>
    <message>
        <source>已取消导入，项目中没有写入任何数据</source>
        <translation>Import cancelled; nothing was written to the project</translation>
    </message>
    <message>
        <source>未导入任何数据：有数据未通过检查</source>
        <translation>Nothing imported: some data did not pass the checks</translation>
    </message>
    <message>
        <source>跳过问题行，导入其余 {0} 行</source>
        <translation>Skip the rows with problems and import the other {0}</translation>
    </message>
    <message>
        <source>导入失败，项目中没有写入任何数据</source>
        <translation>The import failed; nothing was written to the project</translation>
    </message>
    <message>
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <source>保存报告…</source>
        <translation>Save report…</translation>
    </message>
    <message>
        <source>返回修改设置</source>
        <translation>Back to the settings</translation>
    </message>
    <message>
        <source>（无坐标）</source>
        <translation>(no coordinates)</translation>
    </message>
    <message>
        <source>线</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>多段线</source>
        <translation>Multi-line</translation>
    </message>
    <message>
        <source>面</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <source>多面</source>
        <translation>Multi-polygon</translation>
    </message>
    <message>
        <source>{0}（{1} 部分）</source>
        <translation>{0} ({1} parts)</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>受理群众举报</source>
        <translation>Receive a tip-off</translation>
    </message>
    <message>
        <source>可匿名</source>
        <translation>Can be anonymous</translation>
    </message>
    <message>
        <source>手机或固定电话，如 13812345678</source>
        <translation>Mobile or landline, e.g. 13812345678</translation>
    </message>
    <message>
        <source>经度,纬度（或在地图上点选）</source>
        <translation>Longitude,latitude (or pick on the map)</translation>
    </message>
    <message>
        <source>在地图上点选…</source>
        <translation>Pick on the map…</translation>
    </message>
    <message>
        <source>地址描述；可输入场所名称或地址后点“查找”定位</source>
        <translation>Address; type a site name or address and click “Find” to locate it</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>按场所名称、地址或网格名称查找举报位置</source>
        <translation>Find the tip-off location by site name, address or grid name</translation>
    </message>
    <message>
        <source>举报人反映的问题</source>
        <translation>The problem reported</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>举报渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>举报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>举报位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>举报内容</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>没有名称或地址包含“{0}”的场所或网格：请在地图上点选</source>
        <translation>No site or grid has “{0}” in its name or address: pick the location on the map</translation>
    </message>
    <message>
        <source>举报位置“{0}”应写成 经度,纬度（如 113.35,33.67），或在地图上点选</source>
        <translation>Write the location “{0}” as longitude,latitude (e.g. 113.35,33.67), or pick it on the map</translation>
    </message>
    <message>
        <source>选择现场照片</source>
        <translation>Choose on-site photos</translation>
    </message>
    <message>
        <source>图片（*.jpg *.jpeg *.png *.gif *.bmp *.webp）</source>
        <translation>Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp)</translation>
    </message>
    <message>
        <source>请先选择操作人</source>
        <translation>Choose the operator first</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>目标 {0}</source>
        <translation>Target {0}</translation>
    </message>
    <message>
        <source>查看明细</source>
        <translation>Show records</translation>
    </message>
    <message>
        <source>在地图上显示</source>
        <translation>Show on map</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>按哪个字段分类着色</source>
        <translation>Which field colours the features</translation>
    </message>
    <message>
        <source>图层不透明度</source>
        <translation>Layer opacity</translation>
    </message>
    <message>
        <source>选择图层后可调整其样式和不透明度</source>
        <translation>Choose a layer to set its style and opacity</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>缩放至图层</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <source>样式</source>
        <translation>Style</translation>
    </message>
    <message>
        <source>不透明度</source>
        <translation>Opacity</translation>
    </message>
    <message>
        <source>（无底图，可在“底图”菜单添加）</source>
        <translation>(no basemap; add one from the Basemap menu)</translation>
    </message>
    <message>
        <source>（暂无图层）</source>
        <translation>(no layers yet)</translation>
    </message>
    <message>
        <source>勾选显示时计算（数据多时需要几秒）</source>
        <translation>Computed when ticked (a few seconds on large data)</translation>
    </message>
    <message>
        <source>本项目中没有此类要素</source>
        <translation>This project has no such features</translation>
    </message>
</context>
<context>
    <name>LineResultDialog</name>
    <message>
        <source>登记巡线结果</source>
        <translation>Record line patrol result</translation>
    </message>
    <message>
        <source>任务 {id}：{line}，{grid}，{day}，{person}</source>
        <translation>Assignment {id}: {line}, {grid}, {day}, {person}</translation>
    </message>
    <message>
        <source>（未命名管线）</source>
        <translation>(unnamed pipeline)</translation>
    </message>
    <message>
        <source> 米</source>
        <translation> m</translation>
    </message>
    <message>
        <source>发现的隐患（可空）</source>
        <translation>Hazards found (optional)</translation>
    </message>
    <message>
        <source>完成日期</source>
        <translation>Done on</translation>
    </message>
    <message>
        <source>巡检长度</source>
        <translation>Length patrolled</translation>
    </message>
    <message>
        <source>全程</source>
        <translation>Whole route</translation>
    </message>
    <message>
        <source>{m} 米</source>
        <translation>{m} m</translation>
    </message>
    <message>
        <source>发现隐患</source>
        <translation>Hazard found</translation>
    </message>
    <message>
        <source>隐患等级</source>
        <translation>Hazard grade</translation>
    </message>
</context>
<context>
    <name>Listener</name>
    <message>
        <source>连接中断，正在重连…</source>
        <translation>Connection lost, reconnecting…</translation>
    </message>
    <message>
        <source>重新连接数据库</source>
        <translation>Reconnect to the database</translation>
    </message>
    <message>
        <source>已重新连接</source>
        <translation>Reconnected</translation>
    </message>
    <message>
        <source>正在重新载入…</source>
        <translation>Reloading…</translation>
    </message>
    <message>
        <source>重新载入失败，请重新打开项目：{0}</source>
        <translation>Reload failed, please reopen the project: {0}</translation>
    </message>
</context>
<context>
    <name>Loads</name>
    <message>
        <source>地图图层</source>
        <translation>the map layers</translation>
    </message>
    <message>
        <source>操作日志</source>
        <translation>the audit log</translation>
    </message>
    <message>
        <source>工作日历</source>
        <translation>the work calendar</translation>
    </message>
    <message>
        <source>属性表</source>
        <translation>the attribute table</translation>
    </message>
    <message>
        <source>防火覆盖缺口</source>
        <translation>the fire coverage gaps</translation>
    </message>
    <message>
        <source>消防台账</source>
        <translation>the fire registers</translation>
    </message>
    <message>
        <source>值班表</source>
        <translation>the duty roster</translation>
    </message>
    <message>
        <source>防火期</source>
        <translation>the fire season</translation>
    </message>
    <message>
        <source>第三方施工</source>
        <translation>the third-party works</translation>
    </message>
    <message>
        <source>预警检查</source>
        <translation>the alert check</translation>
    </message>
    <message>
        <source>隐患台账</source>
        <translation>the hazard ledger</translation>
    </message>
    <message>
        <source>企业自查上报</source>
        <translation>the enterprise self-check reports</translation>
    </message>
    <message>
        <source>巡查网格和网格员</source>
        <translation>the patrol grids and members</translation>
    </message>
    <message>
        <source>巡查任务</source>
        <translation>the patrol tasks</translation>
    </message>
    <message>
        <source>巡查结果</source>
        <translation>the patrol results</translation>
    </message>
    <message>
        <source>人员名册</source>
        <translation>the people register</translation>
    </message>
    <message>
        <source>工作态势数据</source>
        <translation>the dashboard data</translation>
    </message>
    <message>
        <source>群众举报</source>
        <translation>the tip-offs</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>工具(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>gridsafe 项目 (*.gridsafe);;所有文件 (*)</source>
        <translation>gridsafe projects (*.gridsafe);;All files (*)</translation>
    </message>
    <message>
        <source>图层</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>项目概况</source>
        <translation>Project overview</translation>
    </message>
    <message>
        <source>要素详情</source>
        <translation>Feature details</translation>
    </message>
    <message>
        <source>地图比例尺：选择或输入，如 1:10000</source>
        <translation>Map scale: choose or type one, e.g. 1:10000</translation>
    </message>
    <message>
        <source>比例尺</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>安全生产网格化管理 — gridsafe</source>
        <translation>Safety Grid Management — gridsafe</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>新建项目(&amp;N)…</source>
        <translation>&amp;New project…</translation>
    </message>
    <message>
        <source>打开项目(&amp;O)…</source>
        <translation>&amp;Open project…</translation>
    </message>
    <message>
        <source>打开示例项目(&amp;D)</source>
        <translation>Open &amp;demo project</translation>
    </message>
    <message>
        <source>导入数据(&amp;I)…</source>
        <translation>&amp;Import data…</translation>
    </message>
    <message>
        <source>把 Shapefile、GeoPackage、Excel、KML 等数据导入项目</source>
        <translation>Import Shapefile, GeoPackage, Excel, KML and other data into the project</translation>
    </message>
    <message>
        <source>导出图层(&amp;L)…</source>
        <translation>Export &amp;layer…</translation>
    </message>
    <message>
        <source>把图层或地图上选中的要素导出为 GIS 或表格文件</source>
        <translation>Export a layer, or the features selected on the map, as a GIS or spreadsheet file</translation>
    </message>
    <message>
        <source>登记隐患</source>
        <translation>Record a hazard</translation>
    </message>
    <message>
        <source>隐患登记在企业场所或网格上：请先导入企业场所（第 3 步）或网格（第 2 步），再在地图上单击一个场所登记隐患。</source>
        <translation>A hazard is recorded on a site or a grid: import sites (step 3) or grids (step 2) first, then click a site on the map to record its hazard.</translation>
    </message>
    <message>
        <source>导出地图图片(&amp;P)…</source>
        <translation>Export ma&amp;p image…</translation>
    </message>
    <message>
        <source>把当前地图保存为 PNG 图片</source>
        <translation>Save the current map as a PNG image</translation>
    </message>
    <message>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>全图(&amp;F)</source>
        <translation>&amp;Full extent</translation>
    </message>
    <message>
        <source>显示全部要素</source>
        <translation>Show all features</translation>
    </message>
    <message>
        <source>放大(&amp;I)</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>缩小(&amp;O)</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>缩放至所选(&amp;S)</source>
        <translation>Zoom to &amp;selection</translation>
    </message>
    <message>
        <source>缩放至选中的要素</source>
        <translation>Zoom to the selected features</translation>
    </message>
    <message>
        <source>清除选择(&amp;C)</source>
        <translation>&amp;Clear selection</translation>
    </message>
    <message>
        <source>清除选择</source>
        <translation>Clear selection</translation>
    </message>
    <message>
        <source>重新加载图层(&amp;R)</source>
        <translation>&amp;Reload layers</translation>
    </message>
    <message>
        <source>从项目重新读取图层数据</source>
        <translation>Read the layers from the project again</translation>
    </message>
    <message>
        <source>搜索(&amp;S)</source>
        <translation>Searc&amp;h</translation>
    </message>
    <message>
        <source>搜索要素</source>
        <translation>Search features</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>重置布局(&amp;L)</source>
        <translation>Reset &amp;layout</translation>
    </message>
    <message>
        <source>窗口和停靠面板恢复初始大小和位置</source>
        <translation>Restore the window and panels to their first size and place</translation>
    </message>
    <message>
        <source>重新连接后未能重新加载数据：其他工作站在连接中断期间的修改没有显示。请关闭并重新打开项目。</source>
        <translation>The data could not be reloaded after reconnecting: changes other workstations made while the connection was lost are not shown. Please close and reopen the project.</translation>
    </message>
    <message>
        <source>无法加载图层</source>
        <translation>Cannot load layers</translation>
    </message>
    <message>
        <source>重新载入</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>底图(&amp;B)</source>
        <translation>&amp;Basemap</translation>
    </message>
    <message>
        <source>添加 MBTiles 离线底图(&amp;M)…</source>
        <translation>Add offline &amp;MBTiles basemap…</translation>
    </message>
    <message>
        <source>添加瓦片文件夹 z/x/y(&amp;F)…</source>
        <translation>Add z/x/y tile &amp;folder…</translation>
    </message>
    <message>
        <source>添加天地图(&amp;T)…</source>
        <translation>Add &amp;Tianditu…</translation>
    </message>
    <message>
        <source>添加在线瓦片地址 XYZ(&amp;X)…</source>
        <translation>Add online &amp;XYZ tiles…</translation>
    </message>
    <message>
        <source>添加 OpenStreetMap(&amp;O)</source>
        <translation>Add &amp;OpenStreetMap</translation>
    </message>
    <message>
        <source>移除所选底图(&amp;R)</source>
        <translation>&amp;Remove selected basemap</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>地图操作说明(&amp;M)</source>
        <translation>&amp;Map controls</translation>
    </message>
    <message>
        <source>关于 gridsafe(&amp;A)</source>
        <translation>&amp;About gridsafe</translation>
    </message>
    <message>
        <source>地图</source>
        <translation>Map</translation>
    </message>
    <message>
        <source>经度 {lon}°  纬度 {lat}°</source>
        <translation>Lon {lon}°  Lat {lat}°</translation>
    </message>
    <message>
        <source>用户手册(&amp;U)</source>
        <translation>&amp;User manual</translation>
    </message>
    <message>
        <source>打开随软件安装的用户手册（不需要联网）</source>
        <translation>Open the user manual installed with the program (no internet needed)</translation>
    </message>
    <message>
        <source>升级项目</source>
        <translation>Upgrade project</translation>
    </message>
    <message>
        <source>现在升级吗？升级前会在同一文件夹保留一份备份。</source>
        <translation>Upgrade it now? A backup is kept in the same folder first.</translation>
    </message>
    <message>
        <source>无法升级项目</source>
        <translation>Cannot upgrade the project</translation>
    </message>
    <message>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <source>{target}  ·  数据库版本 {revision}</source>
        <translation>{target}  ·  database version {revision}</translation>
    </message>
    <message>
        <source>与数据库服务器的连接中断：其他工作站的修改暂时不会显示，保存会失败并说明原因。服务器恢复后自动重新连接，并重新加载全部数据，无需重新打开项目。</source>
        <translation>The connection to the database server is lost: changes from other workstations will not show for now, and saving will fail with the reason. When the server is back, gridsafe reconnects and reloads all data by itself; there is no need to reopen the project.</translation>
    </message>
    <message>
        <source>已重新连接数据库服务器，全部数据已重新加载。</source>
        <translation>Reconnected to the database server; all data reloaded.</translation>
    </message>
    <message>
        <source>现在修复吗？修复前会先把整个项目备份为 .gridsafe 文件（下一步选择保存位置）；只有管理员可以修复。不修复则不打开，数据库保持原样。</source>
        <translation>Repair it now? The whole project is first backed up to a .gridsafe file (you choose where next); only an administrator may repair. Without a repair the project is not opened and the database stays as it is.</translation>
    </message>
    <message>
        <source>现在修复吗？修复前会在同一文件夹保留一份备份；不修复则不打开，文件保持原样。</source>
        <translation>Repair it now? A backup is kept in the same folder first; if you do not repair, the project is not opened and the file stays as it is.</translation>
    </message>
    <message>
        <source>修复前的备份保存为</source>
        <translation>Save the backup made before the repair as</translation>
    </message>
    <message>
        <source>正在备份并修复项目…</source>
        <translation>Backing up and repairing the project…</translation>
    </message>
    <message>
        <source>已取消修复</source>
        <translation>Repair cancelled</translation>
    </message>
    <message>
        <source>已取消修复，项目未作任何修改，也没有打开。</source>
        <translation>The repair was cancelled: the project was not changed and is not open.</translation>
    </message>
    <message>
        <source>无法修复项目</source>
        <translation>Could not repair the project</translation>
    </message>
    <message>
        <source>已修复项目</source>
        <translation>Project repaired</translation>
    </message>
    <message>
        <source>正在加载图层…</source>
        <translation>Loading layers…</translation>
    </message>
    <message>
        <source>无法加载底图</source>
        <translation>Cannot load the basemap</translation>
    </message>
    <message>
        <source>底图“{title}”无法打开：{error}</source>
        <translation>The basemap “{title}” cannot be opened: {error}</translation>
    </message>
    <message>
        <source>底图“{title}”无法加载（无网络连接）。没有网络时请改用离线底图：底图 → 添加 MBTiles 离线底图，或 添加瓦片文件夹 z/x/y。</source>
        <translation>Basemap “{title}” cannot be loaded (no network connection). Without a network, use an offline basemap: Basemap → Add MBTiles offline basemap, or Add tile folder z/x/y.</translation>
    </message>
    <message>
        <source>底图无法加载</source>
        <translation>Basemap cannot be loaded</translation>
    </message>
    <message>
        <source>已下载过的地图范围仍会显示。（{why}）</source>
        <translation>Areas downloaded before are still shown. ({why})</translation>
    </message>
    <message>
        <source>添加 MBTiles 离线底图</source>
        <translation>Add offline MBTiles basemap</translation>
    </message>
    <message>
        <source>MBTiles 瓦片 (*.mbtiles);;所有文件 (*)</source>
        <translation>MBTiles tiles (*.mbtiles);;All files (*)</translation>
    </message>
    <message>
        <source>选择瓦片文件夹（内含 z/x/y 图片）</source>
        <translation>Choose a tile folder (with z/x/y images)</translation>
    </message>
    <message>
        <source>添加天地图</source>
        <translation>Add Tianditu</translation>
    </message>
    <message>
        <source>天地图密钥（tk，在天地图官网申请）：</source>
        <translation>Tianditu key (tk, from the Tianditu website):</translation>
    </message>
    <message>
        <source>添加在线底图</source>
        <translation>Add online basemap</translation>
    </message>
    <message>
        <source>瓦片地址，用 {z} {x} {y} 表示级别与行列，例如：
https://example.com/tiles/{z}/{x}/{y}.png
（GCJ-02 坐标的底图请在地址前加“gcj:”）</source>
        <translation>Tile URL, with {z} {x} {y} for zoom level, column and row, e.g.:
https://example.com/tiles/{z}/{x}/{y}.png
(for GCJ-02 basemaps put “gcj:” before the URL)</translation>
    </message>
    <message>
        <source>地址不完整</source>
        <translation>Incomplete URL</translation>
    </message>
    <message>
        <source>瓦片地址必须包含 {z}、{x} 和 {y}。</source>
        <translation>The tile URL must contain {z}, {x} and {y}.</translation>
    </message>
    <message>
        <source>移除底图</source>
        <translation>Remove basemap</translation>
    </message>
    <message>
        <source>请先在图层面板中选中要移除的底图。</source>
        <translation>First select the basemap to remove in the layer panel.</translation>
    </message>
    <message>
        <source>导入数据</source>
        <translation>Import data</translation>
    </message>
    <message>
        <source>请先打开或新建一个项目，再导入数据。</source>
        <translation>Open or create a project first, then import data.</translation>
    </message>
    <message>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <source>导出地图图片</source>
        <translation>Export map image</translation>
    </message>
    <message>
        <source>地图.png</source>
        <translation>map.png</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>无法导出</source>
        <translation>Cannot export</translation>
    </message>
    <message>
        <source>无法写入文件：
{path}</source>
        <translation>Cannot write the file:
{path}</translation>
    </message>
    <message>
        <source>已保存地图图片：{path}</source>
        <translation>Map image saved: {path}</translation>
    </message>
    <message>
        <source>已保存地图图片：
{path}</source>
        <translation>Map image saved:
{path}</translation>
    </message>
    <message>
        <source>地图操作说明</source>
        <translation>Map controls</translation>
    </message>
    <message>
        <source>拖动：平移地图&#x3000;&#x3000;方向键：平移
滚轮：以光标为中心缩放&#x3000;&#x3000;+ / -：放大 / 缩小
Shift + 拖动：框选放大&#x3000;&#x3000;Ctrl + 拖动：框选要素
单击：查看要素详情&#x3000;&#x3000;Esc：清除选择
Ctrl+F：搜索网格代码、名称、地址</source>
        <translation>Drag: pan    Arrow keys: pan
Wheel: zoom at the cursor    + / -: zoom in / out
Shift + drag: zoom to box    Ctrl + drag: select in box
Click: feature details    Esc: clear selection
Ctrl+F: search grid codes, names, addresses</translation>
    </message>
    <message>
        <source>关于 gridsafe</source>
        <translation>About gridsafe</translation>
    </message>
    <message>
        <source>安全生产网格化管理桌面 GIS&lt;br&gt;网格、场所、管线、森林防火区与隐患台账、巡查任务一图管理。</source>
        <translation>Desktop GIS for safety-production grid management&lt;br&gt;Grids, sites, pipelines, forest-fire zones, the hazard ledger and patrols on one map.</translation>
    </message>
</context>
<context>
    <name>ManualDialog</name>
    <message>
        <source>gridsafe 用户手册</source>
        <translation>gridsafe user manual</translation>
    </message>
    <message>
        <source>后退</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>前进</source>
        <translation>Forward</translation>
    </message>
    <message>
        <source>目录</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&lt;p&gt;找不到用户手册文件：{path}&lt;/p&gt;&lt;p&gt;请重新安装 gridsafe。&lt;/p&gt;</source>
        <translation>&lt;p&gt;The user manual file is missing: {path}&lt;/p&gt;&lt;p&gt;Please reinstall gridsafe.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ManualPages</name>
    <message>
        <source>gridsafe 用户手册</source>
        <translation>gridsafe user manual (in Chinese)</translation>
    </message>
    <message>
        <source>新建项目和导入</source>
        <translation>New project and import (in Chinese)</translation>
    </message>
    <message>
        <source>隐患登记与整改</source>
        <translation>Registering and rectifying hazards (in Chinese)</translation>
    </message>
    <message>
        <source>巡查计划与路线单</source>
        <translation>Patrol plans and route sheets (in Chinese)</translation>
    </message>
    <message>
        <source>森林防火值班</source>
        <translation>Forest fire duty (in Chinese)</translation>
    </message>
    <message>
        <source>统计与报告</source>
        <translation>Statistics and reports (in Chinese)</translation>
    </message>
    <message>
        <source>多人使用（数据库项目）</source>
        <translation>Several users (database projects) (in Chinese)</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <source>未打开项目</source>
        <translation>No project open</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <source>新建项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>为本乡镇（街道）新建一个项目文件。区划代码用于检查导入的村（社区）和网格编码；坐标系是本单位数据通常使用的坐标系，导入时默认选用。</source>
        <translation>Create a project file for your township (subdistrict). The area code is used to check the codes of the villages (communities) and grids you import; the coordinate system is the one your office&apos;s data usually uses, chosen by default on import.</translation>
    </message>
    <message>
        <source>如：荆山街道</source>
        <translation>e.g. 荆山街道</translation>
    </message>
    <message>
        <source>9 位或 12 位，如 410411001</source>
        <translation>9 or 12 digits, e.g. 410411001</translation>
    </message>
    <message>
        <source>如：湛河区</source>
        <translation>e.g. 湛河区</translation>
    </message>
    <message>
        <source>隐患登记、签字记在此名下（操作人）</source>
        <translation>Hazards and signatures are recorded under this name (operator)</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>乡镇（街道）名称</source>
        <translation>Township (subdistrict) name</translation>
    </message>
    <message>
        <source>统一区划代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <source>所属区（县）名称</source>
        <translation>County (district) name</translation>
    </message>
    <message>
        <source>坐标系</source>
        <translation>Coordinate system</translation>
    </message>
    <message>
        <source>您的姓名</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>项目文件</source>
        <translation>Project file</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>新项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <source>区县代码取前 6 位，乡镇（街道）代码取前 9 位。</source>
        <translation>The county code is the first 6 digits, the township code the first 9.</translation>
    </message>
    <message>
        <source>区县代码 {county}，乡镇（街道）代码 {town}</source>
        <translation>County code {county}, township code {town}</translation>
    </message>
    <message>
        <source>gridsafe 项目 (*.gridsafe)</source>
        <translation>gridsafe projects (*.gridsafe)</translation>
    </message>
    <message>
        <source>请选择项目文件的位置</source>
        <translation>Choose where to save the project file</translation>
    </message>
    <message>
        <source>文件已存在，不会覆盖：{path}</source>
        <translation>The file already exists and will not be overwritten: {path}</translation>
    </message>
    <message>
        <source>文件夹不存在：{folder}</source>
        <translation>The folder does not exist: {folder}</translation>
    </message>
</context>
<context>
    <name>OperatorButton</name>
    <message>
        <source>操作人：{0}</source>
        <translation>Operator: {0}</translation>
    </message>
    <message>
        <source>签字、办理和整改通知书以此人的名义记录（单击更换）</source>
        <translation>Signatures, steps and rectification notices are recorded in this person&apos;s name (click to change)</translation>
    </message>
    <message>
        <source>未选择操作人</source>
        <translation>No operator chosen</translation>
    </message>
    <message>
        <source>单击选择操作人：签字、办理和整改通知书以此人的名义记录</source>
        <translation>Click to choose the operator: signatures, steps and rectification notices are recorded in this person&apos;s name</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <source>选择操作人</source>
        <translation>Choose the operator</translation>
    </message>
    <message>
        <source>输入姓名、单位或职责查找</source>
        <translation>Search by name, unit or role</translation>
    </message>
    <message>
        <source>操作人的姓名记入隐患履历、签字和整改通知书。</source>
        <translation>The operator&apos;s name goes into the hazard history, signatures and rectification notices.</translation>
    </message>
</context>
<context>
    <name>PatrolPlanner</name>
    <message>
        <source>日</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>周</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>季度</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>勾选的网格员：生成计划只为他们重排，下方任务也只列他们的</source>
        <translation>Ticked grid members: Generate plan reschedules only them, and the patrols below list only theirs</translation>
    </message>
    <message>
        <source>生成计划</source>
        <translation>Generate plan</translation>
    </message>
    <message>
        <source>拖动站点调整巡查顺序，松开后重新计算路线并保存</source>
        <translation>Drag stops to change the patrol order; the route is recalculated and saved on drop</translation>
    </message>
    <message>
        <source>选择</source>
        <translation>Pick</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>网格员（勾选以筛选）</source>
        <translation>Grid members (tick to filter)</translation>
    </message>
    <message>
        <source>本时段巡查任务（单击在地图上查看路线）</source>
        <translation>Patrols in this period (click to show the route)</translation>
    </message>
    <message>
        <source>巡查点顺序（可拖动）</source>
        <translation>Stop order (drag to change)</translation>
    </message>
    <message>
        <source>请选择要排计划的网格，或勾选“全部网格”</source>
        <translation>Select the grids to plan, or tick “All grids”.</translation>
    </message>
    <message>
        <source>请至少勾选一名网格员</source>
        <translation>Tick at least one grid member</translation>
    </message>
    <message>
        <source>正在生成 {p} 的巡查计划…</source>
        <translation>Generating the patrol plan for {p}…</translation>
    </message>
    <message>
        <source>{p}：生成巡查任务 {a} 个，站点 {n} 个，路线 {km:.1f} 公里</source>
        <translation>{p}: {a} patrols, {n} stops, {km:.1f} km of routes</translation>
    </message>
    <message>
        <source>；没有网格员的网格 {n} 个</source>
        <translation>; {n} grids without a grid member</translation>
    </message>
    <message>
        <source>无法生成计划</source>
        <translation>Cannot generate the plan</translation>
    </message>
    <message>
        <source>（{n} 站，{km} 公里，{status}）</source>
        <translation> (stops: {n}, {km} km, {status})</translation>
    </message>
    <message>
        <source>无法调整顺序</source>
        <translation>Cannot change the order</translation>
    </message>
</context>
<context>
    <name>Patrols</name>
    <message>
        <source>巡查计划</source>
        <translation>Patrol planner</translation>
    </message>
    <message>
        <source>巡查任务</source>
        <translation>Patrol assignments</translation>
    </message>
    <message>
        <source>巡查结果登记</source>
        <translation>Patrol results</translation>
    </message>
    <message>
        <source>巡查覆盖率</source>
        <translation>Patrol coverage</translation>
    </message>
    <message>
        <source>巡查(&amp;P)</source>
        <translation>&amp;Patrol</translation>
    </message>
    <message>
        <source>巡查计划…</source>
        <translation>Patrol planner…</translation>
    </message>
    <message>
        <source>巡查任务…</source>
        <translation>Patrol assignments…</translation>
    </message>
    <message>
        <source>巡查结果登记…</source>
        <translation>Patrol results…</translation>
    </message>
    <message>
        <source>巡查覆盖率…</source>
        <translation>Patrol coverage…</translation>
    </message>
    <message>
        <source>扫码/输入编号…</source>
        <translation>Scan or enter code…</translation>
    </message>
    <message>
        <source>导入轨迹和照片…</source>
        <translation>Import tracks and photos…</translation>
    </message>
    <message>
        <source>巡线计划…</source>
        <translation>Line patrol plan…</translation>
    </message>
    <message>
        <source>巡检长度报表…</source>
        <translation>Patrolled length report…</translation>
    </message>
    <message>
        <source>此要素的巡查任务</source>
        <translation>Patrol assignments of this feature</translation>
    </message>
    <message>
        <source>无法读取巡查任务</source>
        <translation>Cannot read the patrol task</translation>
    </message>
    <message>
        <source>任务 {id} 的站点没有位置，无法在地图上显示</source>
        <translation>Task {id}&apos;s stops have no location to show on the map</translation>
    </message>
    <message>
        <source>登记巡线结果</source>
        <translation>Record line patrol result</translation>
    </message>
    <message>
        <source>该巡线任务已于 {d} 登记结果（{m} 米）</source>
        <translation>This line patrol&apos;s result was recorded on {d} ({m} m)</translation>
    </message>
    <message>
        <source>无法登记</source>
        <translation>Could not record</translation>
    </message>
    <message>
        <source>已登记巡线任务 {id} 的结果</source>
        <translation>Result of line patrol {id} recorded</translation>
    </message>
    <message>
        <source>仅显示与所选要素有关的巡查任务</source>
        <translation>Only the patrols of the selected feature</translation>
    </message>
    <message>
        <source>正在导入轨迹和照片并核实巡查站点…</source>
        <translation>Importing tracks and photos and verifying patrol stops…</translation>
    </message>
    <message>
        <source>无法导入轨迹和照片</source>
        <translation>Cannot import the tracks and photos</translation>
    </message>
    <message>
        <source>导入轨迹 {t} 条、照片 {p} 张；核实站点 {n} 个：已核实 {v}，漏巡 {m}，未核实 {u}</source>
        <translation>Imported {t} tracks and {p} photos; {n} stops checked: {v} verified, {m} missed, {u} unverified</translation>
    </message>
    <message>
        <source>导入轨迹和照片</source>
        <translation>Import tracks and photos</translation>
    </message>
    <message>
        <source>有 {n} 条提示，见详细信息</source>
        <translation>{n} notes: see the details</translation>
    </message>
    <message>
        <source>时段（如 2026-12、2026-W50、2026H2）</source>
        <translation>Period (e.g. 2026-12, 2026-W50, 2026H2)</translation>
    </message>
    <message>
        <source>巡线计划</source>
        <translation>Line patrol plan</translation>
    </message>
    <message>
        <source>正在排巡线计划…</source>
        <translation>Planning line patrols…</translation>
    </message>
    <message>
        <source>无法排巡线计划</source>
        <translation>Could not plan line patrols</translation>
    </message>
    <message>
        <source>{period}：巡线任务 {n} 个，巡线长度 {km} 公里</source>
        <translation>{period}: {n} line patrols, {km} km</translation>
    </message>
    <message>
        <source>；{n} 次巡线所在网格没有网格员：{grids}</source>
        <translation>; {n} patrols fall in grids without a grid member: {grids}</translation>
    </message>
    <message>
        <source>巡检长度报表</source>
        <translation>Patrolled length report</translation>
    </message>
    <message>
        <source>保存巡检长度报表</source>
        <translation>Save patrolled length report</translation>
    </message>
    <message>
        <source>巡检长度_{p}.xlsx</source>
        <translation>patrolled_length_{p}.xlsx</translation>
    </message>
    <message>
        <source>正在统计巡检长度…</source>
        <translation>Counting patrolled length…</translation>
    </message>
    <message>
        <source>已导出巡检长度报表：{f}（覆盖率 {pct}%，巡检完成率 {done}%）</source>
        <translation>Patrolled length report exported: {f} (coverage {pct}%, completion {done}%)</translation>
    </message>
    <message>
        <source>无法导出</source>
        <translation>Could not export</translation>
    </message>
</context>
<context>
    <name>PeopleFeature</name>
    <message>
        <source>人员名册</source>
        <translation>People register</translation>
    </message>
    <message>
        <source>人员名册(&amp;M)…</source>
        <translation>&amp;People register…</translation>
    </message>
    <message>
        <source>网格员、网格长、包村干部、护林员等人员及其负责的网格、村（社区）：新增、编辑、停用、导入名册</source>
        <translation>Grid members, grid leaders, village cadres, rangers and others with the grids and villages they serve: add, edit, deactivate, import a roster</translation>
    </message>
    <message>
        <source>导入人员名册(&amp;M)…</source>
        <translation>Import people ro&amp;ster…</translation>
    </message>
    <message>
        <source>导入人员名册（xlsx 或 csv）：姓名、联系电话、单位、职务、角色和所属网格等</source>
        <translation>Import a people roster (xlsx or csv): name, phone, unit, title, role, grid and so on</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>角色（负责）</source>
        <translation>Roles (where)</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Deactivated</translation>
    </message>
    <message>
        <source>未分配角色</source>
        <translation>No role</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <source>乡镇（街道）</source>
        <translation>Township (subdistrict)</translation>
    </message>
    <message>
        <source>区（县）</source>
        <translation>County (district)</translation>
    </message>
    <message>
        <source>区域</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>场所</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>曾任：</source>
        <translation>Formerly: </translation>
    </message>
    <message>
        <source>已结束：</source>
        <translation>Ended:</translation>
    </message>
    <message>
        <source>{kind}：{name}</source>
        <translation>{kind}: {name}</translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message>
        <source>无法读取人员名册：</source>
        <translation>Cannot read the people register: </translation>
    </message>
    <message>
        <source>全部角色</source>
        <translation>All roles</translation>
    </message>
    <message>
        <source>搜索姓名、电话、单位、网格</source>
        <translation>Search name, phone, unit, grid</translation>
    </message>
    <message>
        <source>显示已停用</source>
        <translation>Show deactivated</translation>
    </message>
    <message>
        <source>新增人员…</source>
        <translation>Add person…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>结束所选人员的全部角色（今天起不再排班、不再出现在角色名单中）；人员和历史记录保留</source>
        <translation>End all roles of the selected person (from today no longer planned or listed in any role); the person and their history stay</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除误录入的人员；已有隐患、巡查、值班等记录的人员不能删除，请停用</source>
        <translation>Delete someone entered by mistake; a person with hazards, patrols, duties or other records cannot be deleted: deactivate them instead</translation>
    </message>
    <message>
        <source>导入名册…</source>
        <translation>Import roster…</translation>
    </message>
    <message>
        <source>导入人员名册（xlsx 或 csv）：姓名、联系电话、单位、职务、角色，以及网格、村（社区）、乡镇（街道）、区域或场所的名称或编码；同名同电话的人只增加角色；有任何一行不合格则全部不导入</source>
        <translation>Import a people roster (xlsx or csv): name, phone, unit, title, role, and the name or code of the grid, village, township, zone or site; a person with the same name and phone only gains the role; if any row fails its checks nothing is imported</translation>
    </message>
    <message>
        <source>正在读取人员名册…</source>
        <translation>Reading the people register…</translation>
    </message>
    <message>
        <source>名册共 {total} 人：在岗 {active} 人，已停用 {ended} 人；显示 {shown} 人</source>
        <translation>{total} people: {active} active, {ended} deactivated; {shown} shown</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>停用人员</source>
        <translation>Deactivate person</translation>
    </message>
    <message>
        <source>停用 {name}？
当前角色：{roles}
从今天起这些角色结束，巡查排班、值班和角色名单不再包含此人；人员和历史记录保留。</source>
        <translation>Deactivate {name}?
Current roles: {roles}
From today these roles end: patrol plans, duty rosters and role lists no longer include this person; the person and their history stay.</translation>
    </message>
    <message>
        <source>删除人员</source>
        <translation>Delete person</translation>
    </message>
    <message>
        <source>从名册中删除 {name}（{phone}）？只有误录入、没有任何记录的人员可以删除。</source>
        <translation>Delete {name} ({phone}) from the register? Only someone entered by mistake, with no records, can be deleted.</translation>
    </message>
    <message>
        <source>未填电话</source>
        <translation>no phone</translation>
    </message>
    <message>
        <source>导入人员名册</source>
        <translation>Import people roster</translation>
    </message>
    <message>
        <source>表格（*.xlsx *.csv）</source>
        <translation>Tables (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>正在导入人员名册…</source>
        <translation>Importing the people roster…</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>下周</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>下月</source>
        <translation>Next month</translation>
    </message>
    <message>
        <source>选择</source>
        <translation>Pick</translation>
    </message>
    <message>
        <source>选择时段：本周、下周、本月、下月，或在日历上选日期</source>
        <translation>Pick a period: this week, next week, this month, next month, or a date on the calendar</translation>
    </message>
    <message>
        <source>所在周</source>
        <translation>Its week</translation>
    </message>
    <message>
        <source>所在月</source>
        <translation>Its month</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>单用户项目</source>
        <translation>Single-user project</translation>
    </message>
    <message>
        <source>数据库管理员</source>
        <translation>Database administrator</translation>
    </message>
    <message>
        <source>本登录名拥有项目的数据表（或为超级用户），不受角色限制</source>
        <translation>This login owns the project&apos;s tables (or is a superuser): no role limits apply</translation>
    </message>
    <message>
        <source>账号 {login}（{role}）</source>
        <translation>Account {login} ({role})</translation>
    </message>
    <message>
        <source>账号 {account}
角色限制由数据库执行：psql、QGIS 用同一登录名时限制相同</source>
        <translation>Account {account}
The database enforces the role&apos;s limits: psql or QGIS with the same login get the same limits</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>编辑人员</source>
        <translation>Edit person</translation>
    </message>
    <message>
        <source>新增人员</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>负责</source>
        <translation>Serves</translation>
    </message>
    <message>
        <source>添加角色</source>
        <translation>Add role</translation>
    </message>
    <message>
        <source>移除所选角色</source>
        <translation>Remove selected role</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>角色（移除的角色从今天起不再担任，历史保留）</source>
        <translation>Roles (a removed role is no longer held from today; history stays)</translation>
    </message>
    <message>
        <source>第 {n} 个角色“{role}”没有选择负责的地方（{kinds}）</source>
        <translation>Role {n} “{role}” has no place chosen ({kinds})</translation>
    </message>
</context>
<context>
    <name>ProjectOverview</name>
    <message>
        <source>图层 / 类别</source>
        <translation>Layer / category</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>【示例数据】</source>
        <translation>[demo data]</translation>
    </message>
    <message>
        <source>数据库：{backend} · 版本 {revision}</source>
        <translation>Database: {backend} · version {revision}</translation>
    </message>
    <message>
        <source>{label}（{note}）</source>
        <translation>{label} ({note})</translation>
    </message>
    <message>
        <source>{km} 公里</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>行政区划与网格</source>
        <translation>Admin units and grids</translation>
    </message>
    <message>
        <source>企业与场所</source>
        <translation>Enterprises and sites</translation>
    </message>
    <message>
        <source>燃气管线</source>
        <translation>Gas pipelines</translation>
    </message>
    <message>
        <source>森林防火</source>
        <translation>Forest fire</translation>
    </message>
    <message>
        <source>道路与其他区域</source>
        <translation>Roads and other zones</translation>
    </message>
    <message>
        <source>逾期未销号</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>已过整改时限且未销号</source>
        <translation>Past the deadline and not closed</translation>
    </message>
    <message>
        <source>隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <source>人员与职责</source>
        <translation>People and roles</translation>
    </message>
</context>
<context>
    <name>ReminderPanel</name>
    <message>
        <source>工作提醒</source>
        <translation>Reminders</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <source>不再提醒所选事项</source>
        <translation>Do not remind of the selected items again</translation>
    </message>
    <message>
        <source>全部知道了</source>
        <translation>Got them all</translation>
    </message>
    <message>
        <source>打开工作日历</source>
        <translation>Open the work calendar</translation>
    </message>
    <message>
        <source>稍后提醒</source>
        <translation>Remind me later</translation>
    </message>
    <message>
        <source>关闭，下次打开项目或明天再提醒</source>
        <translation>Close; remind again when the project opens next or tomorrow</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>还有 {n} 天（{day}）</source>
        <translation>In {n} days ({day})</translation>
    </message>
    <message>
        <source>以下 {n} 项工作已到提醒时间：</source>
        <translation>{n} items are coming due:</translation>
    </message>
</context>
<context>
    <name>RenumberPreview</name>
    <message>
        <source>原代码</source>
        <translation>Old code</translation>
    </message>
    <message>
        <source>新代码</source>
        <translation>New code</translation>
    </message>
    <message>
        <source>原名称</source>
        <translation>Old name</translation>
    </message>
    <message>
        <source>新名称</source>
        <translation>New name</translation>
    </message>
    <message>
        <source>（新网格）</source>
        <translation>(new grid)</translation>
    </message>
    <message>
        <source>共 {n} 个网格，{c} 个改号（原代码记入网格代码历史）；隐患、人员和巡查任务按网格身份保留，不随代码变化。</source>
        <translation>{n} grids, {c} renumbered (old codes kept in the grid code history); hazards, people and patrols stay with their grid, whatever its code.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>周报</source>
        <translation>Weekly report</translation>
    </message>
    <message>
        <source>月报</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>季报</source>
        <translation>Quarterly report</translation>
    </message>
    <message>
        <source>年报</source>
        <translation>Annual report</translation>
    </message>
    <message>
        <source>生成报告</source>
        <translation>Make report</translation>
    </message>
    <message>
        <source>全部（或填乡镇、村（社区）、网格编码）</source>
        <translation>All (or a township, village or grid code)</translation>
    </message>
    <message>
        <source>数据表（.xlsx）</source>
        <translation>Data tables (.xlsx)</translation>
    </message>
    <message>
        <source>默认（项目设置、用户模板或内置模板）</source>
        <translation>Default (project setting, user template or built-in)</translation>
    </message>
    <message>
        <source>完成后打开文件夹</source>
        <translation>Open the folder when done</translation>
    </message>
    <message>
        <source>报告类型</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>报告期</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>统计范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>格式</source>
        <translation>Formats</translation>
    </message>
    <message>
        <source>输出文件夹</source>
        <translation>Output folder</translation>
    </message>
    <message>
        <source>报告模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>生成</source>
        <translation>Make</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <source>{label}（{name}）</source>
        <translation>{label} ({name})</translation>
    </message>
    <message>
        <source>请至少选择一种格式</source>
        <translation>Choose at least one format</translation>
    </message>
    <message>
        <source>请选择输出文件夹</source>
        <translation>Choose an output folder</translation>
    </message>
    <message>
        <source>找不到报告模板 {0}</source>
        <translation>Report template {0} not found</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>读取</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>修复</source>
        <translation>Repaired</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>没有发现问题。</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>要素序号</source>
        <translation>Feature no.</translation>
    </message>
</context>
<context>
    <name>ReportsFeature</name>
    <message>
        <source>统计(&amp;S)</source>
        <translation>&amp;Statistics</translation>
    </message>
    <message>
        <source>生成报告…</source>
        <translation>Make report…</translation>
    </message>
    <message>
        <source>导出报告模板…</source>
        <translation>Export report template…</translation>
    </message>
    <message>
        <source>生成报告</source>
        <translation>Make report</translation>
    </message>
    <message>
        <source>请先打开项目。</source>
        <translation>Open a project first.</translation>
    </message>
    <message>
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>正在生成报告…</source>
        <translation>Making the report…</translation>
    </message>
    <message>
        <source>无法生成报告</source>
        <translation>Cannot make the report</translation>
    </message>
    <message>
        <source>已取消生成报告</source>
        <translation>Report cancelled</translation>
    </message>
    <message>
        <source>已生成{0}：{1}</source>
        <translation>Made {0}: {1}</translation>
    </message>
    <message>
        <source>导出报告模板</source>
        <translation>Export report template</translation>
    </message>
    <message>
        <source>报告模板.docx</source>
        <translation>report template.docx</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <source>无法导出报告模板</source>
        <translation>Cannot export the report template</translation>
    </message>
    <message>
        <source>已导出报告模板：{0}（可在 Word/WPS 中修改，生成报告时选用）</source>
        <translation>Report template exported: {0} (edit it in Word/WPS and choose it when making a report)</translation>
    </message>
</context>
<context>
    <name>ResultEntry</name>
    <message>
        <source>在巡查任务列表中选择任务后登记结果</source>
        <translation>Select a patrol in Patrol assignments to record its results</translation>
    </message>
    <message>
        <source>发现隐患时填写隐患描述</source>
        <translation>Describe the hazard, if one was found</translation>
    </message>
    <message>
        <source>扫描路线单二维码，或输入编号如 GS:A123:S4 后回车</source>
        <translation>Scan the route sheet&apos;s QR code, or type a code such as GS:A123:S4 and press Enter</translation>
    </message>
    <message>
        <source>备注，回车保存本站并转到下一站</source>
        <translation>Note; Enter saves this stop and moves to the next</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>保存本站结果（Ctrl+S）</source>
        <translation>Save this stop&apos;s result (Ctrl+S)</translation>
    </message>
    <message>
        <source>键盘：Tab/↑↓ 换站点；数字 1–4 或字母选结果；备注后回车保存并转到下一站</source>
        <translation>Keyboard: Tab/↑↓ changes stop; digits 1–4 or letters pick the result; Enter after the note saves and moves to the next stop</translation>
    </message>
    <message>
        <source>扫码/输入编号</source>
        <translation>Scan / enter code</translation>
    </message>
    <message>
        <source>巡查时间</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>检查结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>发现隐患</source>
        <translation>Hazard found</translation>
    </message>
    <message>
        <source>隐患等级</source>
        <translation>Hazard grade</translation>
    </message>
    <message>
        <source>现场照片</source>
        <translation>On-site photos</translation>
    </message>
    <message>
        <source>JPEG 照片 (*.jpg *.jpeg)</source>
        <translation>JPEG photos (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source> 等 {n} 张</source>
        <translation> and more ({n} in all)</translation>
    </message>
    <message>
        <source>有照片无法读取</source>
        <translation>Some photos could not be read</translation>
    </message>
    <message>
        <source>没有编号为 A{id} 的巡查任务</source>
        <translation>There is no patrol assignment A{id}</translation>
    </message>
    <message>
        <source>任务 {id}：{d}，{n} 站</source>
        <translation>Patrol {id}: {d}, {n} stops</translation>
    </message>
    <message>
        <source>任务 {id} 没有第 {n} 站</source>
        <translation>Assignment {id} has no stop {n}</translation>
    </message>
    <message>
        <source>第 {n} 站已登记过结果</source>
        <translation>The result of stop {n} is already recorded</translation>
    </message>
    <message>
        <source>无法登记</source>
        <translation>Cannot record</translation>
    </message>
    <message>
        <source>本任务各站结果已全部登记</source>
        <translation>The results of all stops of this assignment are recorded</translation>
    </message>
</context>
<context>
    <name>RosterGridView</name>
    <message>
        <source>按人员</source>
        <translation>By person</translation>
    </message>
    <message>
        <source>按岗位</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>查找人员或岗位</source>
        <translation>Find person or post</translation>
    </message>
    <message>
        <source>重新生成（保留手工调整）</source>
        <translation>Regenerate (keep manual edits)</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>打印 PDF</source>
        <translation>Print PDF</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>底色：</source>
        <translation>Shading: </translation>
    </message>
    <message>
        <source>紧要期</source>
        <translation>Critical period</translation>
    </message>
    <message>
        <source>重点时段</source>
        <translation>Key period</translation>
    </message>
    <message>
        <source>周末</source>
        <translation>Weekend</translation>
    </message>
    <message>
        <source>⚠ 冲突</source>
        <translation>⚠ Conflict</translation>
    </message>
    <message>
        <source>；★ 手工调整；双击单元格安排或调换</source>
        <translation>; ★ manual edit; double-click a cell to assign or swap</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Season</translation>
    </message>
    <message>
        <source>定位到</source>
        <translation>Go to</translation>
    </message>
    <message>
        <source>自</source>
        <translation>From</translation>
    </message>
    <message>
        <source>还没有 {0} 年度的防火期：请先在“防火期日历”中设置。</source>
        <translation>No fire season for {0} yet: set it in the season calendar first.</translation>
    </message>
    <message>
        <source>{0}：{1} 班，{2} 人</source>
        <translation>{0}: {1} shifts, {2} people</translation>
    </message>
    <message>
        <source>……另有 {0} 处</source>
        <translation>… and {0} more</translation>
    </message>
    <message>
        <source>；冲突 {0} 处：</source>
        <translation>; {0} conflicts: </translation>
    </message>
    <message>
        <source>；无冲突</source>
        <translation>; no conflicts</translation>
    </message>
    <message>
        <source>把 {0} 在 {1} 的班次交给…</source>
        <translation>Hand {0}&apos;s shift at {1} to…</translation>
    </message>
    <message>
        <source>给 {0} 加一个班（{1}）…</source>
        <translation>Add a shift for {0} ({1})…</translation>
    </message>
    <message>
        <source>在 {0} 加派一人（{1}）…</source>
        <translation>Add a person at {0} ({1})…</translation>
    </message>
    <message>
        <source>（非本岗位人员）</source>
        <translation> (not on this post)</translation>
    </message>
    <message>
        <source>（已排 {0}）</source>
        <translation> (already at {0})</translation>
    </message>
    <message>
        <source>{0} {1:%Y-%m-%d}</source>
        <translation>{0} {1:%Y-%m-%d}</translation>
    </message>
    <message>
        <source>无法安排</source>
        <translation>Cannot assign</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Not done</translation>
    </message>
    <message>
        <source>已取消：值班表没有改动</source>
        <translation>Cancelled: the roster is unchanged</translation>
    </message>
    <message>
        <source>正在重新生成 {0} 起的值班表（手工调整的班次保留）…</source>
        <translation>Regenerating the roster from {0} (manual shifts kept)…</translation>
    </message>
    <message>
        <source>已重新生成：新排 {0} 班，保留 {1} 班（已过去或手工调整），替换 {2} 班</source>
        <translation>Regenerated: {0} new shifts, {1} kept (past or manual), {2} replaced</translation>
    </message>
    <message>
        <source>；人手不足 {0} 班：</source>
        <translation>; {0} shifts short of staff: </translation>
    </message>
    <message>
        <source>已导出：{0}</source>
        <translation>Exported: {0}</translation>
    </message>
    <message>
        <source>正在导出 {0} …</source>
        <translation>Exporting {0}…</translation>
    </message>
    <message>
        <source>导出 Excel 值班表</source>
        <translation>Export roster to Excel</translation>
    </message>
    <message>
        <source>打印值班表（PDF）</source>
        <translation>Print roster (PDF)</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <source>（手工调整）</source>
        <translation> (manual)</translation>
    </message>
    <message>
        <source>冲突：</source>
        <translation>Conflict: </translation>
    </message>
    <message>
        <source>双击安排或调换</source>
        <translation>Double-click to assign or swap</translation>
    </message>
    <message>
        <source>紧</source>
        <translation>C</translation>
    </message>
    <message>
        <source>重</source>
        <translation>K</translation>
    </message>
    <message>
        <source>{0}：本防火期值班 {1} 次</source>
        <translation>{0}: {1} shifts this season</translation>
    </message>
</context>
<context>
    <name>RouteMap</name>
    <message>
        <source>任务 {id} 的路线</source>
        <translation>Task {id}: route</translation>
    </message>
    <message>
        <source>任务 {id} 的站点</source>
        <translation>Task {id}: stops</translation>
    </message>
</context>
<context>
    <name>RouteSheet</name>
    <message>
        <source>燃气管线巡线路线单</source>
        <translation>Gas pipeline line patrol sheet</translation>
    </message>
    <message>
        <source>安全生产网格化巡查路线单</source>
        <translation>Work safety grid patrol route sheet</translation>
    </message>
    <message>
        <source>管段起点</source>
        <translation>Start of the line section</translation>
    </message>
    <message>
        <source>网格中心</source>
        <translation>Grid centre</translation>
    </message>
    <message>
        <source>正在打印巡查路线单</source>
        <translation>Printing route sheets</translation>
    </message>
    <message>
        <source>沿线没有第三方施工、高后果区特定场所和未销号隐患</source>
        <translation>No third-party works, high-consequence sites or open hazards along the route</translation>
    </message>
    <message>
        <source>本任务没有巡查点</source>
        <translation>This patrol has no stops</translation>
    </message>
    <message>
        <source>任务编号 {id}</source>
        <translation>Assignment no. {id}</translation>
    </message>
    <message>
        <source>{n} 公里</source>
        <translation>{n} km</translation>
    </message>
    <message>
        <source>街道（乡镇）</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>网格编码</source>
        <translation>Grid code</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid member</translation>
    </message>
    <message>
        <source>巡查日期</source>
        <translation>Patrol date</translation>
    </message>
    <message>
        <source>计划时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>起止点</source>
        <translation>Start/end</translation>
    </message>
    <message>
        <source>巡查点数</source>
        <translation>Stops</translation>
    </message>
    <message>
        <source>{n} 处</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>路线长度</source>
        <translation>Route length</translation>
    </message>
    <message>
        <source>约 {km}（沿道路往返）</source>
        <translation>about {km} (round trip by road)</translation>
    </message>
    <message>
        <source>巡线员</source>
        <translation>Patroller</translation>
    </message>
    <message>
        <source>巡线日期</source>
        <translation>Patrol date</translation>
    </message>
    <message>
        <source>管线</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>运营单位</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>巡线频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>管段长度</source>
        <translation>Stretch length</translation>
    </message>
    <message>
        <source>{km}（全长 {all}）</source>
        <translation>{km} (whole pipeline {all})</translation>
    </message>
    <message>
        <source>（续）</source>
        <translation> (continued)</translation>
    </message>
    <message>
        <source>{grid}（{code}）  网格员：{person}  巡查日期：{day}  任务编号 {id}</source>
        <translation>{grid} ({code})  Grid member: {person}  Patrol date: {day}  Assignment no. {id}</translation>
    </message>
    <message>
        <source>三查三签字</source>
        <translation>Three checks, three signatures</translation>
    </message>
    <message>
        <source>实际巡检长度：＿＿＿＿米（全程 {m} 米）&#x3000;完成日期：＿＿月＿＿日</source>
        <translation>Length walked: ____ m (route {m} m)   Done on: __/__</translation>
    </message>
    <message>
        <source>签字：</source>
        <translation>Signature:</translation>
    </message>
    <message>
        <source>日期：&#x3000;&#x3000;&#x3000;年&#x3000;&#x3000;月&#x3000;&#x3000;日</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>第 {n} 页 共 {m} 页</source>
        <translation>Page {n} of {m}</translation>
    </message>
    <message>
        <source>打印日期 {d}</source>
        <translation>Printed {d}</translation>
    </message>
    <message>
        <source>起</source>
        <translation>S</translation>
    </message>
    <message>
        <source>巡查路线（箭头为行进方向）</source>
        <translation>Patrol route (arrows show direction)</translation>
    </message>
    <message>
        <source>巡查点（序号同下表）</source>
        <translation>Stop (numbered as in the table)</translation>
    </message>
    <message>
        <source>沿线检查对象（序号同下表）</source>
        <translation>Along the route (numbered as in the table below)</translation>
    </message>
    <message>
        <source>已巡查的点</source>
        <translation>Stops visited</translation>
    </message>
    <message>
        <source>起点/终点</source>
        <translation>Start/end</translation>
    </message>
    <message>
        <source>本网格界线</source>
        <translation>This grid’s boundary</translation>
    </message>
    <message>
        <source>其他场所（不在本次路线上）</source>
        <translation>Other sites (not on this route)</translation>
    </message>
    <message>
        <source>图例</source>
        <translation>Legend</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>场所名称</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>联系人/电话</source>
        <translation>Contact/phone</translation>
    </message>
    <message>
        <source>行业/类别</source>
        <translation>Sector/category</translation>
    </message>
    <message>
        <source>检查要点</source>
        <translation>What to check</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>发现隐患</source>
        <translation>Hazard found</translation>
    </message>
    <message>
        <source>未营业/无人</source>
        <translation>Closed/nobody</translation>
    </message>
    <message>
        <source>沿线对象</source>
        <translation>Along the route</translation>
    </message>
    <message>
        <source>位置/说明</source>
        <translation>Location / notes</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>待复查隐患</source>
        <translation>Hazards to recheck</translation>
    </message>
    <message>
        <source>检查结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>签字</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>序号/扫码</source>
        <translation>No./scan</translation>
    </message>
    <message>
        <source>
等共 {n} 条</source>
        <translation>
({n} in all)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>SavedFiles</name>
    <message>
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open containing folder</translation>
    </message>
</context>
<context>
    <name>ScaleBar</name>
    <message>
        <source>{n} 公里</source>
        <translation>{n} km</translation>
    </message>
    <message>
        <source>{n} 米</source>
        <translation>{n} m</translation>
    </message>
    <message>
        <source>北</source>
        <comment>north arrow: one short letter</comment>
        <translation>N</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>乡镇（街道）</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>场所</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>管道</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>区域</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>第三方施工</source>
        <translation>Third-party works</translation>
    </message>
    <message>
        <source>建筑物</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>搜索网格代码、名称、地址…</source>
        <translation>Search grid codes, names, addresses…</translation>
    </message>
</context>
<context>
    <name>SelfCheckFeature</name>
    <message>
        <source>企业自查上报</source>
        <translation>Enterprise self-checks</translation>
    </message>
    <message>
        <source>企业自查上报(&amp;C)…</source>
        <translation>Enterprise self-&amp;checks…</translation>
    </message>
</context>
<context>
    <name>SelfCheckForm</name>
    <message>
        <source>登记企业自查上报</source>
        <translation>Record a self-check report</translation>
    </message>
    <message>
        <source> 处</source>
        <translation> hazards</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>上报日期</source>
        <translation>Reported on</translation>
    </message>
    <message>
        <source>发现隐患数</source>
        <translation>Hazards found</translation>
    </message>
    <message>
        <source>上报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>零报告（未发现隐患）</source>
        <translation>Zero report (no hazard found)</translation>
    </message>
    <message>
        <source>请先选择操作人</source>
        <translation>Choose the operator first</translation>
    </message>
</context>
<context>
    <name>SelfCheckModel</name>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>上报次数</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>发现隐患数</source>
        <translation>Hazards found</translation>
    </message>
    <message>
        <source>最近上报</source>
        <translation>Last report</translation>
    </message>
    <message>
        <source>上报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>已上报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>零报告</source>
        <translation>Zero report</translation>
    </message>
    <message>
        <source>未上报</source>
        <translation>Not reported</translation>
    </message>
</context>
<context>
    <name>SelfCheckView</name>
    <message>
        <source>选择月份，或输入 2026-W48（周）、2026-Q4（季度）、2026H2（半年）后回车</source>
        <translation>Choose a month, or type 2026-W48 (week), 2026-Q4 (quarter), 2026H2 (half year) and press Enter</translation>
    </message>
    <message>
        <source>全部村（社区）和网格</source>
        <translation>All villages and grids</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>搜索企业名称、代码</source>
        <translation>Search enterprise name or code</translation>
    </message>
    <message>
        <source>显示全部</source>
        <translation>Show all</translation>
    </message>
    <message>
        <source>登记上报…</source>
        <translation>Record report…</translation>
    </message>
    <message>
        <source>为所选企业登记一次自查上报（未发现隐患填 0，即零报告）</source>
        <translation>Record a self-check report for the selected enterprise (0 hazards = a zero report)</translation>
    </message>
    <message>
        <source>导入上报表…</source>
        <translation>Import report sheet…</translation>
    </message>
    <message>
        <source>导入企业自查上报表（xlsx 或 csv）：企业名称或统一社会信用代码、上报日期、发现隐患数、上报人、备注；有任何一行不合格则全部不导入</source>
        <translation>Import a self-check report sheet (xlsx or csv): enterprise name or credit code, date, hazards found, reporter, note; if any row is bad nothing is imported</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>正在读取 {period} 的企业自查上报…</source>
        <translation>Reading the self-check reports of {period}…</translation>
    </message>
    <message>
        <source>无法读取企业自查上报：</source>
        <translation>Cannot read the self-check reports: </translation>
    </message>
    <message>
        <source>{period}：企业 &lt;b&gt;{total}&lt;/b&gt; 家，已上报 &lt;b&gt;{reported}&lt;/b&gt; 家（其中零报告 {zero} 家），未上报 &lt;b style=&apos;color:#c0392b&apos;&gt;{missing}&lt;/b&gt; 家；自查覆盖率 &lt;b&gt;{cover}&lt;/b&gt;。列表显示 {shown} 家</source>
        <translation>{period}: &lt;b&gt;{total}&lt;/b&gt; enterprises, &lt;b&gt;{reported}&lt;/b&gt; reported ({zero} zero reports), &lt;b style=&apos;color:#c0392b&apos;&gt;{missing}&lt;/b&gt; not reported; self-check coverage &lt;b&gt;{cover}&lt;/b&gt;. Showing {shown}</translation>
    </message>
    <message>
        <source>仅显示：</source>
        <translation>Only: </translation>
    </message>
    <message>
        <source>导入企业自查上报表</source>
        <translation>Import self-check report sheet</translation>
    </message>
    <message>
        <source>表格（*.xlsx *.csv）</source>
        <translation>Spreadsheets (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>正在导入企业自查上报表…</source>
        <translation>Importing the self-check report sheet…</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>无法重新启动</source>
        <translation>Cannot restart</translation>
    </message>
    <message>
        <source>无法重新启动 gridsafe，请手动启动。</source>
        <translation>gridsafe could not be restarted. Please start it again yourself.</translation>
    </message>
    <message>
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>界面语言已保存，重新启动 gridsafe 后生效。立即重启？</source>
        <translation>The interface language is saved and applies when gridsafe restarts. Restart now?</translation>
    </message>
    <message>
        <source>界面语言已保存，重新启动 gridsafe 后生效。</source>
        <translation>Interface language saved; it applies when gridsafe restarts.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>界面语言在重新启动 gridsafe 后生效。</source>
        <translation>The interface language changes when gridsafe restarts.</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
</context>
<context>
    <name>ShiftEditDialog</name>
    <message>
        <source>★ 手工调整在重新生成值班表时保留</source>
        <translation>★ Manual edits are kept when the roster is regenerated</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>人员或岗位</source>
        <translation>Person or post</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <source>CGCS2000 经纬度（度）</source>
        <translation>CGCS2000 longitude/latitude (degrees)</translation>
    </message>
    <message>
        <source>CGCS2000 3 度带高斯-克吕格（米）</source>
        <translation>CGCS2000 3° Gauss-Krüger (metres)</translation>
    </message>
    <message>
        <source>坐标系</source>
        <translation>Coordinates</translation>
    </message>
    <message>
        <source>在地图上点选…</source>
        <translation>Pick on the map…</translation>
    </message>
    <message>
        <source>新增场所 — 位置</source>
        <translation>Add site — location</translation>
    </message>
    <message>
        <source>下一步：属性…</source>
        <translation>Next: attributes…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>X（北坐标）</source>
        <translation>X (northing)</translation>
    </message>
    <message>
        <source>经度</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Y（东坐标）</source>
        <translation>Y (easting)</translation>
    </message>
    <message>
        <source>纬度</source>
        <translation>Latitude</translation>
    </message>
</context>
<context>
    <name>SnappingDialog</name>
    <message>
        <source>乡镇（街道）</source>
        <translation>Townships</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Villages</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>场所</source>
        <translation>Sites</translation>
    </message>
    <message>
        <source>燃气管线</source>
        <translation>Gas pipelines</translation>
    </message>
    <message>
        <source>道路</source>
        <translation>Roads</translation>
    </message>
    <message>
        <source>防火线</source>
        <translation>Fire lines</translation>
    </message>
    <message>
        <source>区域</source>
        <translation>Zones</translation>
    </message>
    <message>
        <source>建筑物</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <source>吸附设置</source>
        <translation>Snapping options</translation>
    </message>
    <message>
        <source>启用吸附</source>
        <translation>Enable snapping</translation>
    </message>
    <message>
        <source>吸附到顶点</source>
        <translation>Snap to vertices</translation>
    </message>
    <message>
        <source>吸附到边</source>
        <translation>Snap to segments</translation>
    </message>
    <message>
        <source> 像素</source>
        <translation> px</translation>
    </message>
    <message>
        <source>容差</source>
        <translation>Tolerance</translation>
    </message>
    <message>
        <source>另外吸附到这些图层（各工具本来吸附的图层之外）</source>
        <translation>Also snap to these layers (besides those each tool snaps to)</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>举报</source>
        <translation>Tip-off</translation>
    </message>
    <message>
        <source>（本网格）</source>
        <translation> (this grid)</translation>
    </message>
    <message>
        <source>核查人</source>
        <translation>Investigator</translation>
    </message>
    <message>
        <source>交办说明</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <source>（按附近场所）</source>
        <translation>(by nearby sites)</translation>
    </message>
    <message>
        <source>核查结果</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>核查情况</source>
        <translation>Investigation notes</translation>
    </message>
    <message>
        <source>隐患行业领域</source>
        <translation>Hazard sector</translation>
    </message>
    <message>
        <source>属实、部分属实即在隐患台账登记一条来源为“群众举报”的隐患</source>
        <translation>If true or partly true, a hazard with source “public tip-off” is registered in the hazard ledger</translation>
    </message>
    <message>
        <source>反馈内容</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>奖励金额（元）</source>
        <translation>Reward (yuan)</translation>
    </message>
    <message>
        <source>决定人（单位）</source>
        <translation>Decided by (body)</translation>
    </message>
    <message>
        <source>决定日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>办结说明</source>
        <translation>Closing note</translation>
    </message>
    <message>
        <source>请先选择操作人</source>
        <translation>Choose the operator first</translation>
    </message>
</context>
<context>
    <name>StopStatusTable</name>
    <message>
        <source>站序</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>场所</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>核实结果</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>到达时间</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>停留</source>
        <translation>Stayed</translation>
    </message>
    <message>
        <source>最近距离</source>
        <translation>Closest</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>{0} 分</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>{0} 米</source>
        <translation>{0} m</translation>
    </message>
</context>
<context>
    <name>StyleBook</name>
    <message>
        <source>隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <source>巡查路线</source>
        <translation>Patrol routes</translation>
    </message>
    <message>
        <source>企业与场所</source>
        <translation>Enterprises and sites</translation>
    </message>
    <message>
        <source>燃气管线</source>
        <translation>Gas pipelines</translation>
    </message>
    <message>
        <source>森林防火</source>
        <translation>Forest fire</translation>
    </message>
    <message>
        <source>行政区划与网格</source>
        <translation>Admin units and grids</translation>
    </message>
    <message>
        <source>底图</source>
        <translation>Basemaps</translation>
    </message>
    <message>
        <source>未销号隐患</source>
        <translation>Open hazards</translation>
    </message>
    <message>
        <source>按状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <source>按等级</source>
        <translation>By grade</translation>
    </message>
    <message>
        <source>巡查任务路线</source>
        <translation>Patrol routes</translation>
    </message>
    <message>
        <source>按任务状态</source>
        <translation>By patrol status</translation>
    </message>
    <message>
        <source>按行业领域</source>
        <translation>By sector</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>按风险等级</source>
        <translation>By risk level</translation>
    </message>
    <message>
        <source>未评定</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <source>企业专属网格</source>
        <translation>Enterprise grids</translation>
    </message>
    <message>
        <source>边界</source>
        <translation>Boundary</translation>
    </message>
    <message>
        <source>企业专属网格边界</source>
        <translation>Enterprise grid boundary</translation>
    </message>
    <message>
        <source>学校周边区域</source>
        <translation>School zones</translation>
    </message>
    <message>
        <source>单一样式</source>
        <translation>Single symbol</translation>
    </message>
    <message>
        <source>燃气管道</source>
        <translation>Gas pipelines</translation>
    </message>
    <message>
        <source>按压力级制</source>
        <translation>By pressure class</translation>
    </message>
    <message>
        <source>未注明</source>
        <translation>Not stated</translation>
    </message>
    <message>
        <source>第三方施工</source>
        <translation>Third-party works</translation>
    </message>
    <message>
        <source>按施工状态</source>
        <translation>By works status</translation>
    </message>
    <message>
        <source>建筑物</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <source>未办结群众举报</source>
        <translation>Open public tip-offs</translation>
    </message>
    <message>
        <source>按办理状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <source>巡查站点核实</source>
        <translation>Patrol stop verification</translation>
    </message>
    <message>
        <source>按核实结果</source>
        <translation>By verification</translation>
    </message>
    <message>
        <source>巡查轨迹</source>
        <translation>Patrol tracks</translation>
    </message>
    <message>
        <source>GPS 轨迹</source>
        <translation>GPS tracks</translation>
    </message>
    <message>
        <source>建筑物轮廓</source>
        <translation>Building footprint</translation>
    </message>
    <message>
        <source>按用途</source>
        <translation>By use</translation>
    </message>
    <message>
        <source>其他用途</source>
        <translation>Other use</translation>
    </message>
    <message>
        <source>燃气管道保护范围</source>
        <translation>Gas pipeline protection range</translation>
    </message>
    <message>
        <source>保护范围</source>
        <translation>Protection range</translation>
    </message>
    <message>
        <source>燃气管道控制范围</source>
        <translation>Gas pipeline control range</translation>
    </message>
    <message>
        <source>控制范围</source>
        <translation>Control range</translation>
    </message>
    <message>
        <source>燃气管道高后果区（分析）</source>
        <translation>Gas pipeline high-consequence areas (analysis)</translation>
    </message>
    <message>
        <source>Ⅲ级高后果区</source>
        <translation>Class III high-consequence area</translation>
    </message>
    <message>
        <source>Ⅱ级高后果区</source>
        <translation>Class II high-consequence area</translation>
    </message>
    <message>
        <source>Ⅰ级高后果区</source>
        <translation>Class I high-consequence area</translation>
    </message>
    <message>
        <source>燃气管道地区等级</source>
        <translation>Gas pipeline location class</translation>
    </message>
    <message>
        <source>按地区等级</source>
        <translation>By location class</translation>
    </message>
    <message>
        <source>四级地区</source>
        <translation>Location class 4</translation>
    </message>
    <message>
        <source>三级地区</source>
        <translation>Location class 3</translation>
    </message>
    <message>
        <source>二级地区</source>
        <translation>Location class 2</translation>
    </message>
    <message>
        <source>一级地区</source>
        <translation>Location class 1</translation>
    </message>
    <message>
        <source>高后果区（已划定）</source>
        <translation>High-consequence areas (designated)</translation>
    </message>
    <message>
        <source>高后果区</source>
        <translation>High-consequence areas</translation>
    </message>
    <message>
        <source>防火设施</source>
        <translation>Fire facilities</translation>
    </message>
    <message>
        <source>按类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>防火道路与隔离带</source>
        <translation>Fire roads and firebreaks</translation>
    </message>
    <message>
        <source>按类型</source>
        <translation>By type</translation>
    </message>
    <message>
        <source>森林防火网格</source>
        <translation>Forest-fire grids</translation>
    </message>
    <message>
        <source>森林防火网格边界</source>
        <translation>Forest-fire grid boundary</translation>
    </message>
    <message>
        <source>森林防火区</source>
        <translation>Forest-fire zones</translation>
    </message>
    <message>
        <source>综合网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>网格边界</source>
        <translation>Grid boundary</translation>
    </message>
    <message>
        <source>网格隐患分布</source>
        <translation>Hazards per grid</translation>
    </message>
    <message>
        <source>按未销号隐患数</source>
        <translation>By open hazards</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>1–2 条</source>
        <translation>1–2</translation>
    </message>
    <message>
        <source>3–5 条</source>
        <translation>3–5</translation>
    </message>
    <message>
        <source>6–10 条</source>
        <translation>6–10</translation>
    </message>
    <message>
        <source>10 条以上</source>
        <translation>More than 10</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Villages</translation>
    </message>
    <message>
        <source>村（社区）界</source>
        <translation>Village boundary</translation>
    </message>
    <message>
        <source>乡镇（街道）</source>
        <translation>Townships</translation>
    </message>
    <message>
        <source>乡镇（街道）界</source>
        <translation>Township boundary</translation>
    </message>
    <message>
        <source>道路</source>
        <translation>Roads</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>网格代码</source>
        <translation>Grid code</translation>
    </message>
    <message>
        <source>网格类型</source>
        <translation>Grid type</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>行业领域</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>经营状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>风险等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>运营单位</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>压力级制</source>
        <translation>Pressure class</translation>
    </message>
    <message>
        <source>材质</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>管径（毫米）</source>
        <translation>Diameter (mm)</translation>
    </message>
    <message>
        <source>火险等级</source>
        <translation>Fire danger level</translation>
    </message>
    <message>
        <source>层数</source>
        <translation>Storeys</translation>
    </message>
    <message>
        <source>用途</source>
        <translation>Use</translation>
    </message>
    <message>
        <source>施工单位</source>
        <translation>Contractor</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>监护人</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>许可编号</source>
        <translation>Permit no.</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>管线条数</source>
        <translation>Pipelines</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>地区等级</source>
        <translation>Location class</translation>
    </message>
    <message>
        <source>管线长度（公里）</source>
        <translation>Pipeline length (km)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>轨迹文件</source>
        <translation>Track file</translation>
    </message>
    <message>
        <source>定位点数</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>核实结果</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>站序</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>巡查任务</source>
        <translation>Patrol assignment</translation>
    </message>
    <message>
        <source>到达时间</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>最近距离（米）</source>
        <translation>Closest distance (m)</translation>
    </message>
    <message>
        <source>任务状态</source>
        <translation>Patrol status</translation>
    </message>
    <message>
        <source>计划日期</source>
        <translation>Planned on</translation>
    </message>
    <message>
        <source>巡查人员</source>
        <translation>Patroller</translation>
    </message>
    <message>
        <source>巡查点数</source>
        <translation>Stops</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>举报编号</source>
        <translation>Tip-off no.</translation>
    </message>
    <message>
        <source>办理状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>举报渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>隐患等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>挂牌督办</source>
        <translation>Supervised listing</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>无法读写文件 {name}：{reason}</source>
        <translation>Cannot read or write the file {name}: {reason}</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>TipOffFeature</name>
    <message>
        <source>群众举报</source>
        <translation>Public tip-offs</translation>
    </message>
    <message>
        <source>群众举报(&amp;J)…</source>
        <translation>Public tip-&amp;offs…</translation>
    </message>
    <message>
        <source>群众举报（12345热线等）的受理、核查、反馈、奖励和办结</source>
        <translation>Receiving, investigating, replying to, rewarding and closing public tip-offs (12345 hotline etc.)</translation>
    </message>
    <message>
        <source>受理群众举报(&amp;R)…</source>
        <translation>&amp;Receive a tip-off…</translation>
    </message>
    <message>
        <source>举报办理…</source>
        <translation>Handle tip-off…</translation>
    </message>
    <message>
        <source>在群众举报列表中打开这条举报：核查、反馈、奖励、办结</source>
        <translation>Open this tip-off in the public tip-off list: investigate, reply, reward, close</translation>
    </message>
    <message>
        <source>请先打开项目</source>
        <translation>Open a project first</translation>
    </message>
    <message>
        <source>受理群众举报：在地图上单击举报位置，Esc 返回</source>
        <translation>Receive a tip-off: click the reported location on the map; Esc returns</translation>
    </message>
    <message>
        <source>已受理举报 {0}</source>
        <translation>Tip-off {0} received</translation>
    </message>
    <message>
        <source>群众举报登记的隐患</source>
        <translation>Hazards registered from public tip-offs</translation>
    </message>
    <message>
        <source>已办结的举报不在地图的“未办结群众举报”图层上</source>
        <translation>Closed tip-offs are not on the map&apos;s “Open public tip-offs” layer</translation>
    </message>
</context>
<context>
    <name>TipOffModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>举报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>举报内容</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>核查人</source>
        <translation>Investigator</translation>
    </message>
    <message>
        <source>核查结果</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>关联隐患</source>
        <translation>Linked hazard</translation>
    </message>
    <message>
        <source>反馈用时（时）</source>
        <translation>Reply time (h)</translation>
    </message>
    <message>
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>TipOffView</name>
    <message>
        <source>无法读取群众举报：</source>
        <translation>Cannot read the public tip-offs: </translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>全部渠道</source>
        <translation>All channels</translation>
    </message>
    <message>
        <source>受理时段：选择月份，或输入 2026-W48、2026-Q4、2026 后回车</source>
        <translation>Period received: choose a month, or type 2026-W48, 2026-Q4 or 2026 and press Enter</translation>
    </message>
    <message>
        <source>全部时段</source>
        <translation>All periods</translation>
    </message>
    <message>
        <source>只看逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>显示全部</source>
        <translation>Show all</translation>
    </message>
    <message>
        <source>受理举报…</source>
        <translation>Receive a tip-off…</translation>
    </message>
    <message>
        <source>查看隐患</source>
        <translation>Show hazard</translation>
    </message>
    <message>
        <source>在地图上显示</source>
        <translation>Show on map</translation>
    </message>
    <message>
        <source>受理时段</source>
        <translation>Period received</translation>
    </message>
    <message>
        <source>正在读取群众举报…</source>
        <translation>Reading public tip-offs…</translation>
    </message>
    <message>
        <source>举报 &lt;b&gt;{n}&lt;/b&gt; 条，未办结 &lt;b&gt;{open}&lt;/b&gt; 条，逾期未反馈 &lt;b style=&apos;color:#c0392b&apos;&gt;{late}&lt;/b&gt; 条，核查属实 &lt;b&gt;{true}&lt;/b&gt; 条；受理到反馈平均 &lt;b&gt;{mean}&lt;/b&gt; 小时</source>
        <translation>&lt;b&gt;{n}&lt;/b&gt; tip-offs, &lt;b&gt;{open}&lt;/b&gt; open, &lt;b style=&apos;color:#c0392b&apos;&gt;{late}&lt;/b&gt; overdue for a reply, &lt;b&gt;{true}&lt;/b&gt; substantiated; on average &lt;b&gt;{mean}&lt;/b&gt; hours from receipt to reply</translation>
    </message>
    <message>
        <source>仅显示：{title}（{n} 条）</source>
        <translation>Only: {title} ({n})</translation>
    </message>
    <message>
        <source>请先选择一条举报</source>
        <translation>Select a tip-off first</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>举报人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>举报内容</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>核查人</source>
        <translation>Investigator</translation>
    </message>
    <message>
        <source>核查结果</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>关联隐患</source>
        <translation>Linked hazard</translation>
    </message>
    <message>
        <source>反馈</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>奖励</source>
        <translation>Reward</translation>
    </message>
    <message>
        <source>{0:g} 元</source>
        <translation>{0:g} yuan</translation>
    </message>
    <message>
        <source>受理→核查</source>
        <translation>Received → investigated</translation>
    </message>
    <message>
        <source>受理→反馈</source>
        <translation>Received → replied</translation>
    </message>
    <message>
        <source>{0} 小时</source>
        <translation>{0} h</translation>
    </message>
    <message>
        <source>办理记录</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>TopologyFeature</name>
    <message>
        <source>拓扑检查</source>
        <translation>Topology check</translation>
    </message>
    <message>
        <source>拓扑检查…</source>
        <translation>Topology check…</translation>
    </message>
    <message>
        <source>检查网格间空隙与重叠、网格超出村界、场所不在网格内、几何无效、代码重复、管线和道路悬挂端点</source>
        <translation>Check gaps and overlaps between grids, grids outside their village, sites outside any grid, invalid geometries, duplicate codes, dangling pipeline and road ends</translation>
    </message>
    <message>
        <source>拓扑检查：</source>
        <translation>Topology check: </translation>
    </message>
    <message>
        <source>（数据已修改，正在重新检查…）</source>
        <translation> (data changed: checking again…)</translation>
    </message>
    <message>
        <source>请先打开项目。</source>
        <translation>Open a project first.</translation>
    </message>
    <message>
        <source>正在进行拓扑检查…</source>
        <translation>Checking topology…</translation>
    </message>
    <message>
        <source>正在修复并重新检查…</source>
        <translation>Fixing and checking again…</translation>
    </message>
    <message>
        <source>已取消拓扑检查</source>
        <translation>Topology check cancelled</translation>
    </message>
    <message>
        <source>拓扑检查：未发现问题</source>
        <translation>Topology check: no problems found</translation>
    </message>
    <message>
        <source>拓扑检查：发现 {0} 处问题</source>
        <translation>Topology check: {0} problems found</translation>
    </message>
    <message>
        <source>拓扑问题（范围）</source>
        <translation>Topology problems (areas)</translation>
    </message>
    <message>
        <source>拓扑问题</source>
        <translation>Topology problems</translation>
    </message>
    <message>
        <source>（{0:.6f}, {1:.6f}）</source>
        <translation> ({0:.6f}, {1:.6f})</translation>
    </message>
</context>
<context>
    <name>TopologyView</name>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>图层</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>要素</source>
        <translation>Feature</translation>
    </message>
    <message>
        <source>面积(平方米)</source>
        <translation>Area (m²)</translation>
    </message>
    <message>
        <source>距离(米)</source>
        <translation>Distance (m)</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>网格间空隙</source>
        <translation>Gap between grids</translation>
    </message>
    <message>
        <source>网格重叠</source>
        <translation>Overlapping grids</translation>
    </message>
    <message>
        <source>网格超出村界</source>
        <translation>Grid outside its village</translation>
    </message>
    <message>
        <source>场所不在网格内</source>
        <translation>Site outside any grid</translation>
    </message>
    <message>
        <source>几何无效</source>
        <translation>Invalid geometry</translation>
    </message>
    <message>
        <source>代码重复</source>
        <translation>Duplicate code</translation>
    </message>
    <message>
        <source>线路悬挂端点</source>
        <translation>Dangling line end</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>场所</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>燃气管线</source>
        <translation>Gas pipeline</translation>
    </message>
    <message>
        <source>道路</source>
        <translation>Road</translation>
    </message>
    <message>
        <source>并入相邻网格</source>
        <translation>Merge into neighbouring grid</translation>
    </message>
    <message>
        <source>消除重叠</source>
        <translation>Remove overlap</translation>
    </message>
    <message>
        <source>裁剪到村界</source>
        <translation>Clip to village</translation>
    </message>
    <message>
        <source>修复几何</source>
        <translation>Repair geometry</translation>
    </message>
    <message>
        <source>把空隙并入与它共边最长的网格</source>
        <translation>Merge the gap into the grid sharing the longest border with it</translation>
    </message>
    <message>
        <source>从重叠部分占其面积比例较小的网格中减去重叠部分（比例相同时减去后建的网格）</source>
        <translation>Subtract the overlap from the grid of which it is the smaller share (on equal shares, from the later grid)</translation>
    </message>
    <message>
        <source>去掉网格超出所属村（社区）的部分</source>
        <translation>Remove the part of the grid outside its village</translation>
    </message>
    <message>
        <source>修复无效几何，保留面状部分</source>
        <translation>Repair the invalid geometry, keeping its polygonal parts</translation>
    </message>
    <message>
        <source>尚未检查。点“重新检查”检查网格、场所和线路的拓扑。</source>
        <translation>Not checked yet. Click &quot;Check again&quot; to check the topology of grids, sites and lines.</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>重新检查</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>修复所选：</source>
        <translation>Fix the selected:</translation>
    </message>
    <message>
        <source>（所选问题需手工处理）</source>
        <translation>(the selected problem must be fixed by hand)</translation>
    </message>
    <message>
        <source>拓扑检查未发现问题。</source>
        <translation>The topology check found no problems.</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>发现 {0} 处问题：{1}。双击一行在地图上查看。</source>
        <translation>{0} problems found: {1}. Double-click a row to see it on the map.</translation>
    </message>
</context>
<context>
    <name>WallMap</name>
    <message>
        <source>正在处理文字</source>
        <translation>Processing text</translation>
    </message>
    <message>
        <source>正在绘制地图</source>
        <translation>Drawing the map</translation>
    </message>
    <message>
        <source>示例数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>正在排版人员表和图例</source>
        <translation>Laying out the people table and legend</translation>
    </message>
    <message>
        <source>本图为示例数据，仅供演示</source>
        <translation>Demo data, for demonstration only</translation>
    </message>
    <message>
        <source>请张贴于值班室，人员变动及时更新</source>
        <translation>Post in the duty room; update when staff change</translation>
    </message>
    <message>
        <source>图例</source>
        <translation>Legend</translation>
    </message>
</context>
<context>
    <name>WorksFeature</name>
    <message>
        <source>第三方施工登记</source>
        <translation>Third-party works register</translation>
    </message>
    <message>
        <source>燃气(&amp;G)</source>
        <translation>&amp;Gas</translation>
    </message>
    <message>
        <source>第三方施工登记…</source>
        <translation>Third-party works register…</translation>
    </message>
    <message>
        <source>编辑施工信息…</source>
        <translation>Edit works…</translation>
    </message>
    <message>
        <source>编辑此第三方施工的信息和范围</source>
        <translation>Edit this third-party works&apos; details and extent</translation>
    </message>
    <message>
        <source>绘制施工范围：已有 {n} 个顶点。单击添加顶点，双击或回车完成（至少 3 个），Backspace 撤销上一个顶点，Esc 取消</source>
        <translation>Drawing the works extent: {n} vertices. Click to add a vertex, double-click or Enter to finish (at least 3), Backspace removes the last vertex, Esc cancels</translation>
    </message>
    <message>
        <source>施工范围已绘制</source>
        <translation>Works extent drawn</translation>
    </message>
    <message>
        <source>已取消绘制</source>
        <translation>Drawing cancelled</translation>
    </message>
    <message>
        <source>第三方施工</source>
        <translation>Third-party works</translation>
    </message>
    <message>
        <source>已保存第三方施工</source>
        <translation>Third-party works saved</translation>
    </message>
</context>
<context>
    <name>WorksForm</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>施工单位</source>
        <translation>Works party</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>许可编号</source>
        <translation>Permit no.</translation>
    </message>
    <message>
        <source>监护人</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>施工范围</source>
        <translation>Extent</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>新建第三方施工</source>
        <translation>New third-party works</translation>
    </message>
    <message>
        <source>编辑施工信息</source>
        <translation>Edit works</translation>
    </message>
    <message>
        <source>施工许可或安全保护协议编号</source>
        <translation>Works permit or protection agreement number</translation>
    </message>
    <message>
        <source>燃气企业现场监护人</source>
        <translation>Gas company&apos;s on-site supervisor</translation>
    </message>
    <message>
        <source>重新绘制范围…</source>
        <translation>Redraw extent…</translation>
    </message>
    <message>
        <source>在地图上重新绘制此施工的范围</source>
        <translation>Redraw this works&apos; extent on the map</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>不填此日期</source>
        <translation>Leave this date empty</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>未绘制</source>
        <translation>Not drawn</translation>
    </message>
    <message>
        <source>{n} 个顶点，约 {area} 平方米</source>
        <translation>{n} vertices, about {area} m²</translation>
    </message>
    <message>
        <source>（已重新绘制，保存后生效）</source>
        <translation>(redrawn; applies when saved)</translation>
    </message>
    <message>
        <source>自动修复后保存吗？</source>
        <translation>Repair automatically and save?</translation>
    </message>
    <message>
        <source>仍然保存吗？</source>
        <translation>Save anyway?</translation>
    </message>
</context>
<context>
    <name>WorksRegisterView</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>施工单位</source>
        <translation>Works party</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>开工</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>完工</source>
        <translation>End</translation>
    </message>
    <message>
        <source>许可/协议编号</source>
        <translation>Permit/agreement no.</translation>
    </message>
    <message>
        <source>监护人</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>搜索名称、施工单位、联系人、电话、编号、监护人</source>
        <translation>Search name, party, contact, phone, number, supervisor</translation>
    </message>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>先在地图上绘制施工范围，再填写施工信息</source>
        <translation>Draw the works extent on the map first, then fill in its details</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>定位</source>
        <translation>Locate</translation>
    </message>
    <message>
        <source>在地图上显示所选施工的范围</source>
        <translation>Show the selected works&apos; extent on the map</translation>
    </message>
    <message>
        <source>设为“{status}”</source>
        <translation>Set to “{status}”</translation>
    </message>
    <message>
        <source>{n} 项</source>
        <translation>{n} items</translation>
    </message>
    <message>
        <source>删除第三方施工“{name}”？</source>
        <translation>Delete third-party works “{name}”?</translation>
    </message>
    <message>
        <source>有 {n} 条隐患关联此施工：隐患保留在台账中，但不再关联此施工。</source>
        <translation>{n} hazards are linked to this works: they stay in the ledger but are no longer linked to it.</translation>
    </message>
    <message>
        <source>删除施工</source>
        <translation>Delete works</translation>
    </message>
    <message>
        <source>无法删除</source>
        <translation>Could not delete</translation>
    </message>
    <message>
        <source>无法修改状态</source>
        <translation>Could not change the status</translation>
    </message>
</context>
</TS>
