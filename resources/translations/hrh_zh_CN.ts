<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About and diagnostics</source>
        <translation>关于/诊断</translation>
    </message>
    <message>
        <source>When asking for help, press Copy and paste the text into your message.</source>
        <translation>需要技术支持时，请点“复制”，再把这些内容粘贴到您的消息里。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&lt;b&gt;Quarterly health-workforce return&lt;/b&gt; — version {version}</source>
        <translation>&lt;b&gt;卫生人才工作季度报表&lt;/b&gt; — 版本 {version}</translation>
    </message>
    <message>
        <source>Copied. Paste it into your message (Ctrl+V).</source>
        <translation>已复制。请粘贴到您的消息里（Ctrl+V）。</translation>
    </message>
</context>
<context>
    <name>AllowanceEditor</name>
    <message>
        <source>&amp;Add row</source>
        <translation>添加行(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove row</source>
        <translation>删除行(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
</context>
<context>
    <name>AllowanceModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Standard (yuan/person/month)</source>
        <translation>标准（元/人/月）</translation>
    </message>
    <message>
        <source>One-off award (yuan/person)</source>
        <translation>一次性奖励（元/人）</translation>
    </message>
    <message>
        <source>Paid this period (yuan)</source>
        <translation>本期发放金额（元）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>⚠ expected {amount}</source>
        <translation>⚠ 应为 {amount}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Back up &amp;now</source>
        <translation>立即备份(&amp;N)</translation>
    </message>
    <message>
        <source>Back up &amp;to…</source>
        <translation>备份到…(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Restore the chosen backup…</source>
        <translation>从所选备份恢复…(&amp;R)</translation>
    </message>
    <message>
        <source>Restore from a &amp;file…</source>
        <translation>从备份文件恢复…(&amp;F)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Copy the database to a folder you choose, for example a USB stick.</source>
        <translation>把数据库备份到您选择的文件夹，例如U盘。</translation>
    </message>
    <message>
        <source>Database: {db}&lt;br&gt;Backups are kept in {folder}: one at the first start of each day, before every upgrade and import; the newest of each of the last 14 days and 12 months are kept.</source>
        <translation>数据库：{db}&lt;br&gt;备份保存在 {folder}：每天第一次启动时、每次升级和导入前自动备份；保留最近14天和12个月中每天/每月最新的一份。</translation>
    </message>
    <message>
        <source>Back up to which folder?</source>
        <translation>备份到哪个文件夹？</translation>
    </message>
    <message>
        <source>Restore from which backup file?</source>
        <translation>从哪个备份文件恢复？</translation>
    </message>
    <message>
        <source>Database backups (*.db);;All files (*)</source>
        <translation>数据库备份 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The backup did not succeed: {why}</source>
        <translation>备份没有成功：{why}</translation>
    </message>
    <message>
        <source>Backed up to {path}.</source>
        <translation>已备份到 {path}。</translation>
    </message>
    <message>
        <source>{file} cannot be restored: {problem}. Nothing was changed; choose another backup.</source>
        <translation>{file} 不能用来恢复：{problem}。数据库未作任何修改，请选择另一个备份。</translation>
    </message>
    <message>
        <source>Restore the backup?</source>
        <translation>从备份恢复？</translation>
    </message>
    <message>
        <source>Replace the database by the backup {label}?

The database as it is now is kept as a backup first (kind: before a restore), so this can be undone.</source>
        <translation>用 {label} 的备份替换当前数据库？

当前的数据库会先保存为一个备份（类型：恢复前），需要时可以再恢复回来。</translation>
    </message>
    <message>
        <source>The program is still working (import, export or consolidation); restore when it has finished.</source>
        <translation>程序正在工作（导入、导出或汇总），请等它完成后再恢复。</translation>
    </message>
    <message>
        <source>The return on screen could not be saved; nothing was restored.</source>
        <translation>屏幕上的报表无法保存，未进行恢复。</translation>
    </message>
    <message>
        <source>Restored from {label}. The database as it was is kept as {kept}.</source>
        <translation>已从 {label} 的备份恢复。恢复前的数据库已保存为 {kept}。</translation>
    </message>
    <message>
        <source>(there was none)</source>
        <translation>（原来没有数据库）</translation>
    </message>
</context>
<context>
    <name>BackupListModel</name>
    <message>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Daily (automatic)</source>
        <translation>每日自动</translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation>导入前</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Explanation (to keep a warning)</source>
        <translation>说明（保留警告须填写）</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>审核通过，没有发现问题。</translation>
    </message>
    <message>
        <source>No problems found. {notes} notes: parts left blank, nothing to do.</source>
        <translation>审核通过，没有发现问题。另有备注 {notes} 条：部分分项未填，无须处理。</translation>
    </message>
    <message>
        <source>{errors} errors, {warnings} warnings. This return is read-only; double-click a problem to go to the figure.</source>
        <translation>错误 {errors} 个，警告 {warnings} 个。本报表只读；双击问题可跳到相应数字。</translation>
    </message>
    <message>
        <source>{errors} errors, {warnings} warnings ({unexplained} without explanation). Double-click a problem to go to the figure; type an explanation beside a warning to keep it.</source>
        <translation>错误 {errors} 个，警告 {warnings} 个（{unexplained} 个未说明）。双击问题可跳到对应数字；在警告旁填写说明即可保留该警告。</translation>
    </message>
    <message>
        <source>{notes} notes (parts left blank) need nothing.</source>
        <translation>另有备注 {notes} 条（部分分项未填），无须处理。</translation>
    </message>
</context>
<context>
    <name>ComparisonModel</name>
    <message>
        <source>Indicator</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>计量单位</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>Previous
{period}</source>
        <translation>上期
{period}</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>增减</translation>
    </message>
    <message>
        <source>Change %</source>
        <translation>增减%</translation>
    </message>
    <message>
        <source>Same period
last year {period}</source>
        <translation>去年同期
{period}</translation>
    </message>
    <message>
        <source>Year to date</source>
        <translation>本年累计</translation>
    </message>
</context>
<context>
    <name>ComparisonPage</name>
    <message>
        <source>no return for the previous period</source>
        <translation>上期没有报表</translation>
    </message>
    <message>
        <source>no return for the same period last year</source>
        <translation>去年同期没有报表</translation>
    </message>
    <message>
        <source>{unit}, {period}: compared with the previous period and the same period last year (change and %).</source>
        <translation>{unit} {period}：与上期、去年同期比较（增减数和增减%）。</translation>
    </message>
    <message>
        <source>Year to date = flows of quarter 1 to this quarter.</source>
        <translation>本年累计 = 第一季度至本季度的时期数之和。</translation>
    </message>
    <message>
        <source>Blank where there is nothing to compare: {what}.</source>
        <translation>无可比较的数据处留空：{what}。</translation>
    </message>
</context>
<context>
    <name>CompletenessDialog</name>
    <message>
        <source>&amp;Accept</source>
        <translation>审核通过(&amp;A)</translation>
    </message>
    <message>
        <source>Send &amp;back…</source>
        <translation>退回…(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Open the return</source>
        <translation>打开报表(&amp;O)</translation>
    </message>
    <message>
        <source>Re&amp;mind the missing units…</source>
        <translation>催报(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The return has been checked by the county and is accepted (recorded).</source>
        <translation>报表已经审核，标记为已审核（记入修改记录）。</translation>
    </message>
    <message>
        <source>Send the return back to the unit with the reason (recorded); it is left out of the consolidation.</source>
        <translation>把报表退回给该单位并写明原因（记入修改记录）；退回的报表不参加汇总。</translation>
    </message>
    <message>
        <source>Returns received — {unit} — {period}</source>
        <translation>报送情况 — {unit} — {period}</translation>
    </message>
    <message>
        <source>{unit} has no subordinate units. Add them under File → Units and settings.</source>
        <translation>{unit} 没有下级单位。请在“文件 → 单位与设置”中添加。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{period}&lt;/b&gt;, due {due}: expected &lt;b&gt;{expected}&lt;/b&gt; = received &lt;b&gt;{received}&lt;/b&gt; (on time {on_time}, late {late}) + draft, not submitted &lt;b&gt;{drafts}&lt;/b&gt; + missing &lt;b style=&apos;color:#d32f2f&apos;&gt;{missing}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{period}&lt;/b&gt;，截止日期 {due}：应报 &lt;b&gt;{expected}&lt;/b&gt; = 已报 &lt;b&gt;{received}&lt;/b&gt;（按时 {on_time}，逾期 {late}）+ 草稿未报送 &lt;b&gt;{drafts}&lt;/b&gt; + 未报 &lt;b style=&apos;color:#d32f2f&apos;&gt;{missing}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Cannot accept</source>
        <translation>不能审核通过</translation>
    </message>
    <message>
        <source>The return of {unit} has {n} errors. Send it back with the reason instead.</source>
        <translation>{unit} 的报表有 {n} 个错误，不能审核通过。请退回并写明原因。</translation>
    </message>
    <message>
        <source>Not sent back</source>
        <translation>未退回</translation>
    </message>
    <message>
        <source>Type the reason, so that the unit knows what to correct.</source>
        <translation>请填写退回原因，以便该单位知道要改什么。</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
</context>
<context>
    <name>CompletenessModel</name>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <source>Reason sent back</source>
        <translation>退回原因</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>逾期</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Saved by someone else</source>
        <translation>报表已被他人修改</translation>
    </message>
    <message>
        <source>Your changes were not saved; what is stored was not changed. {n} items differ:</source>
        <translation>您的修改未保存，已保存的数据也没有被改动。以下 {n} 项不同：</translation>
    </message>
    <message>
        <source>Your changes were not saved. The stored return holds the same values as yours.</source>
        <translation>您的修改未保存。已保存的报表与您的数值相同。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Your value</source>
        <translation>您的数值</translation>
    </message>
    <message>
        <source>Saved value ({who})</source>
        <translation>已保存的数值（{who}）</translation>
    </message>
    <message>
        <source>another clerk</source>
        <translation>另一位用户</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>重新载入(&amp;R)</translation>
    </message>
    <message>
        <source>Show the saved return. Your values are copied to the clipboard first.</source>
        <translation>显示已保存的报表。您的数值先复制到剪贴板。</translation>
    </message>
    <message>
        <source>Reload and &amp;type my changes in again</source>
        <translation>重新载入并填回我的修改(&amp;T)</translation>
    </message>
    <message>
        <source>Show the saved return with your changes typed in again, not saved yet: look them over, then save.</source>
        <translation>在已保存的报表上填回您的修改（尚未保存）：核对后再保存。</translation>
    </message>
    <message>
        <source>&amp;Copy my values</source>
        <translation>复制我的数值(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>暂不处理(&amp;N)</translation>
    </message>
    <message>
        <source>Keep your values in the form, unsaved. Autosave waits until you choose.</source>
        <translation>您的数值留在表中，尚未保存；在您作出选择之前不自动保存。</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
</context>
<context>
    <name>CountyWork</name>
    <message>
        <source>&amp;Returns received…</source>
        <translation>报送情况…(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Consolidate</source>
        <translation>汇总(&amp;C)</translation>
    </message>
    <message>
        <source>Show our &amp;own return</source>
        <translation>显示本单位报表(&amp;O)</translation>
    </message>
    <message>
        <source>Show the &amp;consolidated return</source>
        <translation>显示汇总报表(&amp;S)</translation>
    </message>
    <message>
        <source>The whole &amp;year</source>
        <translation>全年(&amp;Y)</translation>
    </message>
    <message>
        <source>Co&amp;mparison with earlier periods</source>
        <translation>与上期、去年同期对比(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;County</source>
        <translation>汇总(&amp;U)</translation>
    </message>
    <message>
        <source>Own return</source>
        <translation>本单位报表</translation>
    </message>
    <message>
        <source>Consolidated return</source>
        <translation>汇总报表</translation>
    </message>
    <message>
        <source>A unit with subordinate units has its own return and the consolidated return (汇总表).</source>
        <translation>有下级单位的单位既有本单位报表，也有汇总报表。</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>There is no consolidated return for {period} yet. Press Consolidate (Ctrl+G) to make it from the returns received.</source>
        <translation>{period}还没有汇总表。请点“汇总”（Ctrl+G），由已收到的报表生成。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Consolidated return&lt;/b&gt; (read-only: made by the program, never typed). Made {when} from {n} subordinate units{own}.</source>
        <translation>&lt;b&gt;汇总报表&lt;/b&gt;（只读：由程序生成，不能手工修改）。{when} 由 {n} 个下级单位{own}汇总。</translation>
    </message>
    <message>
        <source> and our own return</source>
        <translation>和本单位报表</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d32f2f&apos;&gt;Not reported: {units}&lt;/b&gt; — consolidate again when their returns arrive.</source>
        <translation>&lt;b style=&apos;color:#d32f2f&apos;&gt;未报单位：{units}&lt;/b&gt; — 报表收到后请重新汇总。</translation>
    </message>
    <message>
        <source>{breakdown}: {units} gave the total without the breakdown.</source>
        <translation>{breakdown}：{units} 只填了合计，未填分项。</translation>
    </message>
    <message>
        <source>Consolidated just now.</source>
        <translation>刚刚汇总完成。</translation>
    </message>
    <message>
        <source>consolidated returns</source>
        <translation>汇总报表</translation>
    </message>
    <message>
        <source>returns</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>&lt;b&gt;{year}&lt;/b&gt;: there are no quarterly {what} for this year yet, so there is nothing to add up.</source>
        <translation>&lt;b&gt;{year}&lt;/b&gt;：这一年还没有任何季度的{what}，无法得出全年数。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{year}, whole year&lt;/b&gt; (read-only, from the quarterly {what}): flows are the sum of the quarters, stocks are those of the last quarter with figures.</source>
        <translation>&lt;b&gt;{year}全年&lt;/b&gt;（只读，由各季度{what}得出）：时期数为各季度之和，时点数取最后一个有数据的季度。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d32f2f&apos;&gt;Missing: {quarters}&lt;/b&gt; — the year is incomplete.</source>
        <translation>&lt;b style=&apos;color:#d32f2f&apos;&gt;缺少：{quarters}&lt;/b&gt; — 全年数不完整。</translation>
    </message>
    <message>
        <source>All four quarters are there.</source>
        <translation>四个季度都有报表。</translation>
    </message>
    <message>
        <source>Choose a quarter</source>
        <translation>请选择季度</translation>
    </message>
    <message>
        <source>Returns are received and consolidated by quarter. Choose a quarter first.</source>
        <translation>报送情况和汇总按季度进行，请先选择一个季度。</translation>
    </message>
    <message>
        <source>Nothing to consolidate</source>
        <translation>无需汇总</translation>
    </message>
    <message>
        <source>This unit has no subordinate units. Add them under File → Units and settings.</source>
        <translation>这个单位没有下级单位。请在“文件 → 单位与设置”中添加。</translation>
    </message>
    <message>
        <source>Consolidating…</source>
        <translation>正在汇总…</translation>
    </message>
    <message>
        <source>Not consolidated</source>
        <translation>未汇总</translation>
    </message>
</context>
<context>
    <name>DocumentStatus</name>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>Not saved: someone else saved first</source>
        <translation>未保存：他人已先保存</translation>
    </message>
    <message>
        <source>Saved {time}</source>
        <translation>已保存 {time}</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Nothing typed yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <source>{errors} errors · {warnings} warnings</source>
        <translation>错误 {errors} · 警告 {warnings}</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>&amp;Export Excel return…</source>
        <translation>导出Excel报表(&amp;E)…</translation>
    </message>
    <message>
        <source>Export blank &amp;template…</source>
        <translation>导出空白模板(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Import Excel returns…</source>
        <translation>导入Excel报表(&amp;I)…</translation>
    </message>
    <message>
        <source>Import a &amp;folder…</source>
        <translation>导入文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Export P&amp;DF summary…</source>
        <translation>导出PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>Export &amp;Word summary…</source>
        <translation>导出Word工作总结(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>An import is running; close the window when it has finished.</source>
        <translation>正在导入，请等导入完成后再关闭窗口。</translation>
    </message>
    <message>
        <source>The program is still working; close the window when it has finished.</source>
        <translation>程序正在工作，请等它完成后再关闭窗口。</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>没有可导出的报表</translation>
    </message>
    <message>
        <source>Choose a unit and a period first.</source>
        <translation>请先在左侧选择单位，并选择报告期。</translation>
    </message>
    <message>
        <source>Excel return not available</source>
        <translation>不能导出Excel报表</translation>
    </message>
    <message>
        <source>The window shows the whole year {year}. The Excel return is sent quarterly: choose a quarter (e.g. the 4th quarter) to export it. The annual summary can be exported as PDF.</source>
        <translation>当前显示的是 {year} 年全年数据。Excel报表按季度报送：请选择一个季度（如第4季度）后再导出。全年情况可以“导出PDF”。</translation>
    </message>
    <message>
        <source>Export blank template</source>
        <translation>导出空白模板</translation>
    </message>
    <message>
        <source>Export Excel return</source>
        <translation>导出Excel报表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Blank template saved to {path}</source>
        <translation>空白模板已保存到 {path}</translation>
    </message>
    <message>
        <source>Excel return saved to {path}</source>
        <translation>Excel报表已保存到 {path}</translation>
    </message>
    <message>
        <source>Import Excel returns</source>
        <translation>导入Excel报表</translation>
    </message>
    <message>
        <source>Returns as townships send them (*.xlsx *.xls *.zip *.eml);;All files (*)</source>
        <translation>报表文件（*.xlsx *.xls *.zip *.eml）;;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import a folder of returns</source>
        <translation>导入文件夹中的报表</translation>
    </message>
    <message>
        <source>Export PDF summary</source>
        <translation>导出PDF</translation>
    </message>
    <message>
        <source>PDF file (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>PDF summary saved to {path} ({pages} pages).</source>
        <translation>PDF已保存到 {path}（共 {pages} 页）。</translation>
    </message>
    <message>
        <source>Export Word summary</source>
        <translation>导出Word工作总结</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Word summary saved to {path}.</source>
        <translation>Word工作总结已保存到 {path}。</translation>
    </message>
    <message>
        <source>Saving {file}…</source>
        <translation>正在保存 {file}…</translation>
    </message>
    <message>
        <source>Please wait: the program is still working on the previous task.</source>
        <translation>请稍候：程序还在处理上一项工作。</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Preparing the pages to print…</source>
        <translation>正在准备打印的页面…</translation>
    </message>
    <message>
        <source>No program to show PDF files was found. The summary was saved to {path}; open and print it from there.</source>
        <translation>这台电脑上没有找到打开PDF文件的程序。PDF已保存到 {path}，请从那里打开并打印。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Explanation (to keep a warning)</source>
        <translation>说明（保留警告须填写）</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Warning (kept)</source>
        <translation>警告（已说明）</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>(errors must be corrected)</source>
        <translation>（错误必须改正）</translation>
    </message>
    <message>
        <source>(nothing to do: a part not known may stay blank)</source>
        <translation>（无须处理：不知道的分项可以不填）</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>The user guide {path} is missing. Reinstall the program.</source>
        <translation>找不到使用说明文件 {path}。请重新安装程序。</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History: {label}</source>
        <translation>数据历史：{label}</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Last eight quarters</source>
        <translation>最近八个季度</translation>
    </message>
    <message>
        <source>Changes (audit trail)</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>(blank)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>报送</translation>
    </message>
    <message>
        <source>reopened</source>
        <translation>撤回报送</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Replace returns?</source>
        <translation>替换报表？</translation>
    </message>
    <message>
        <source>These returns are already in the database:
{names}

Replace them with the figures in the files? The old figures are kept in the history and in the backup made before the import.</source>
        <translation>以下报表数据库中已经有了：
{names}

用文件中的数据替换它们吗？原来的数据保留在修改记录和导入前的备份中。</translation>
    </message>
    <message>
        <source>Add new units?</source>
        <translation>添加新单位？</translation>
    </message>
    <message>
        <source>These units are not in the list of units yet:
{names}

Add them under {parent} and import their returns?</source>
        <translation>以下单位还不在单位列表中：
{names}

把它们添加为 {parent} 的下级单位，并导入它们的报表吗？</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The import started {when} ({files} files) was interrupted before it finished.
Imported: {went}
Not imported: {rest}</source>
        <translation>{when} 开始的导入（共 {files} 个文件）没有做完就被中断了。
已导入：{went}
未导入：{rest}</translation>
    </message>
    <message>
        <source>Each file is imported completely or not at all. Import the files that are not in again.</source>
        <translation>每个文件要么全部导入，要么完全没有导入。请把未导入的文件重新导入。</translation>
    </message>
    <message>
        <source>An import was interrupted</source>
        <translation>上次导入被中断</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>正在读取和检查文件…</translation>
    </message>
    <message>
        <source>Import canceled</source>
        <translation>导入已取消</translation>
    </message>
    <message>
        <source>The import was canceled. Nothing was imported; the database is unchanged.</source>
        <translation>导入已取消，没有导入任何文件，数据库没有改变。</translation>
    </message>
    <message>
        <source>Already in the database; kept, not replaced (your choice)</source>
        <translation>数据库中已有该报表；按您的选择保留原数据，未替换</translation>
    </message>
    <message>
        <source>the top level</source>
        <translation>顶层（无上级单位）</translation>
    </message>
    <message>
        <source>{unit} is not in the list of units; not added, not imported (your choice)</source>
        <translation>{unit} 不在单位列表中；按您的选择未添加该单位，未导入</translation>
    </message>
    <message>
        <source>Canceled before this file; not imported</source>
        <translation>在导入此文件前已取消；未导入</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>No backup could be made before the import, so nothing was imported.
{error}</source>
        <translation>导入前无法备份数据库，因此没有导入任何文件。
{error}</translation>
    </message>
    <message>
        <source>The files could not be read because of an unexpected error: {error}
Nothing was imported; the database is unchanged.</source>
        <translation>读取文件时发生意外错误：{error}
没有导入任何文件，数据库没有改变。</translation>
    </message>
    <message>
        <source>The import stopped because of an unexpected error: {error}
Files imported before the error are kept; the others were not imported. The database was backed up before the import.</source>
        <translation>导入因意外错误而中止：{error}
出错前已导入的文件保留；其余文件未导入。导入前已备份数据库。</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>New unit, added under {parent}</source>
        <translation>新单位，已添加到 {parent} 下</translation>
    </message>
    <message>
        <source>{files} files: {stored} imported or replaced, {other} not imported.</source>
        <translation>共 {files} 个文件：{stored} 个已导入或替换，{other} 个未导入。</translation>
    </message>
    <message>
        <source>The import stopped: {reason}. The files marked imported are in; import the others again.</source>
        <translation>导入中途停止：{reason}。标为“已导入”的文件已导入，其余文件请重新导入。</translation>
    </message>
    <message>
        <source>Backup made before the import: {path}</source>
        <translation>导入前的备份：{path}</translation>
    </message>
</context>
<context>
    <name>ImportResultDialog</name>
    <message>
        <source>Import result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <source>&amp;Copy table</source>
        <translation>复制表格(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ImportResultModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Problems in the file</source>
        <translation>文件中的问题</translation>
    </message>
    <message>
        <source>Check findings</source>
        <translation>审核结果</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>已替换</translation>
    </message>
    <message>
        <source>Send-back notice: return reopened</source>
        <translation>退回通知：报表已重新打开修改</translation>
    </message>
    <message>
        <source>Already imported, skipped</source>
        <translation>已导入过相同内容，跳过</translation>
    </message>
    <message>
        <source>Not a return, ignored</source>
        <translation>不是报表，已忽略</translation>
    </message>
    <message>
        <source>Other version taken</source>
        <translation>未导入（本批另有新版本）</translation>
    </message>
    <message>
        <source>Damaged, not imported</source>
        <translation>已损坏，未导入</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>No problems found</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Warning (explained)</source>
        <translation>警告（已说明）</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>InboxDialog</name>
    <message>
        <source>&amp;Open the return</source>
        <translation>打开报表(&amp;O)</translation>
    </message>
    <message>
        <source>Re&amp;mind the missing units…</source>
        <translation>催报(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>A notice naming the units that have not reported and the deadline: text for the chat group and a page to print.</source>
        <translation>生成催报通知：列出尚未报送的单位和截止日期，可复制到工作群，也可打印。</translation>
    </message>
    <message>
        <source>Inbox — {period}</source>
        <translation>收件箱 — {period}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{period}&lt;/b&gt;: no files have been imported for this quarter yet. Import the returns received (File → Import).</source>
        <translation>&lt;b&gt;{period}&lt;/b&gt;：本季度还没有导入任何文件。请导入收到的报表（文件 → 导入）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{period}&lt;/b&gt;: {files} files arrived — {parts}. Enter opens the unit&apos;s return.</source>
        <translation>&lt;b&gt;{period}&lt;/b&gt;：共收到 {files} 个文件——{parts}。按回车键打开该单位的报表。</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Arrived</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>What became of it</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因/说明</translation>
    </message>
    <message>
        <source>Unit&apos;s return now</source>
        <translation>该单位报表现状</translation>
    </message>
</context>
<context>
    <name>InboxWork</name>
    <message>
        <source>&amp;Inbox (files received)…</source>
        <translation>收件箱(&amp;I)…</translation>
    </message>
    <message>
        <source>Remi&amp;nd the missing units…</source>
        <translation>催报(&amp;N)…</translation>
    </message>
    <message>
        <source>Choose a quarter</source>
        <translation>请选择季度</translation>
    </message>
    <message>
        <source>Returns are received by quarter. Choose a quarter first.</source>
        <translation>报表按季度接收，请先选择一个季度。</translation>
    </message>
    <message>
        <source>No subordinate units</source>
        <translation>没有下级单位</translation>
    </message>
    <message>
        <source>This unit has no subordinate units to remind.</source>
        <translation>本单位没有下级单位，无需催报。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quarterly health-workforce return</source>
        <translation>卫生人才工作季度报表</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Units and settings…</source>
        <translation>单位与设置(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;History of this figure…</source>
        <translation>查看数据历史(&amp;H)…</translation>
    </message>
    <message>
        <source>Go to the first &amp;problem</source>
        <translation>跳到第一个问题(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next section</source>
        <translation>下一部分(&amp;N)</translation>
    </message>
    <message>
        <source>Pre&amp;vious section</source>
        <translation>上一部分(&amp;V)</translation>
    </message>
    <message>
        <source>Go to the &amp;units</source>
        <translation>转到单位列表(&amp;U)</translation>
    </message>
    <message>
        <source>Go to the &amp;period</source>
        <translation>转到报告期(&amp;P)</translation>
    </message>
    <message>
        <source>Go to the &amp;form</source>
        <translation>转到报表(&amp;F)</translation>
    </message>
    <message>
        <source>Go to the &amp;checks</source>
        <translation>转到审核结果(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>使用说明(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>报表</translation>
    </message>
    <message>
        <source> Period: </source>
        <translation> 报告期：</translation>
    </message>
    <message>
        <source>There are no reporting units yet. Add your own unit under File → Units and settings.</source>
        <translation>还没有任何报告单位。请在“文件 → 单位与设置”中添加本单位。</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>The database is empty. Enter your own unit, or look around with the demo data first?</source>
        <translation>数据库中还没有任何单位。请先填写本单位，或者先打开示范数据看一看？</translation>
    </message>
    <message>
        <source>Enter our unit…</source>
        <translation>填写本单位…</translation>
    </message>
    <message>
        <source>Open the demo data</source>
        <translation>打开示范数据</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The return has changes that are not saved yet. Save them?</source>
        <translation>报表有尚未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <source> (ours)</source>
        <translation>（本单位）</translation>
    </message>
    <message>
        <source>{unit} — {period} — Quarterly health-workforce return</source>
        <translation>{unit} — {period} — 卫生人才工作季度报表</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <source>{n} figures hold text that is not a figure; they cannot be saved until they are corrected.</source>
        <translation>有 {n} 个数字框里填的不是数字，改正之前无法保存。</translation>
    </message>
    <message>
        <source>Some figures hold text that is not a figure (e.g. “10人”). Correct them, or close and discard the changes.</source>
        <translation>有数字框里填的不是数字（例如“10人”）。请改正，或者关闭时选择“丢弃”放弃这些修改。</translation>
    </message>
</context>
<context>
    <name>NarrativeDrafting</name>
    <message>
        <source>Draft from the figures</source>
        <translation>根据数字起草</translation>
    </message>
    <message>
        <source>Write a first draft of this text from the figures of the return; edit it afterwards.</source>
        <translation>根据本报表的数字写出这段文字的初稿，之后可以修改。</translation>
    </message>
    <message>
        <source>{label} {then} → {now}</source>
        <translation>{label} {then} → {now}</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>空</translation>
    </message>
    <message>
        <source>The text no longer matches the figures ({changes}). Click “Draft from the figures” to redraft.</source>
        <translation>文字与数字不符（{changes}）。请点“根据数字起草”重新起草。</translation>
    </message>
    <message>
        <source>Sentences that give the old figures:</source>
        <translation>这些句子中的数字已过时：</translation>
    </message>
    <message>
        <source>Replace the text?</source>
        <translation>替换文字？</translation>
    </message>
    <message>
        <source>{label} already has text. Replace it with the draft, or add the draft after it?</source>
        <translation>“{label}”中已有文字。用初稿替换它，还是把初稿添加到后面？</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add after it</source>
        <translation>添加到后面(&amp;A)</translation>
    </message>
    <message>
        <source>Nothing to draft from</source>
        <translation>没有可用于起草的数字</translation>
    </message>
    <message>
        <source>There are no figures in this return yet to write a draft from. Type the figures first.</source>
        <translation>本报表还没有填写数字，无法起草。请先填写数字。</translation>
    </message>
    <message>
        <source>Draft inserted. Edit it as you like; it is saved with the return.</source>
        <translation>初稿已插入。请按实际情况修改；它随报表一起保存。</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <source>&amp;Copy the text</source>
        <translation>复制文字(&amp;C)</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Copied. Paste it into the chat group or an e-mail.</source>
        <translation>已复制，可粘贴到工作群或邮件中。</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>催报</translation>
    </message>
    <message>
        <source>Copy the text into the chat group, or save the page as PDF to print it. It names {n} units.</source>
        <translation>复制文字发到工作群，或保存为PDF打印。通知中列出 {n} 个单位。</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>保存为PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Send-back notice</source>
        <translation>退回通知</translation>
    </message>
    <message>
        <source>The return of {unit} is sent back. Send this notice to the unit: save the notice file and send it with the text (e-mail, chat group, USB stick). When the unit imports the file, its program shows the reason and reopens the return for correcting.</source>
        <translation>{unit} 的报表已退回。请将生成的退回通知发给该单位：保存退回通知文件，连同下面的文字一起发送（邮件、工作群或U盘）。该单位在程序中导入这个文件后，会看到退回原因，报表重新打开供修改。</translation>
    </message>
    <message>
        <source>Save the notice &amp;file…</source>
        <translation>保存退回通知文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Excel notice (*.xlsx)</source>
        <translation>退回通知 Excel 文件 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>NumberEdit</name>
    <message>
        <source>History of this figure…</source>
        <translation>查看数据历史…</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>Print preview — {title}</source>
        <translation>打印预览 — {title}</translation>
    </message>
</context>
<context>
    <name>ProgressRun</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Stopping after the current file…</source>
        <translation>正在停止（当前文件处理完后）…</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Send back</source>
        <translation>退回报表</translation>
    </message>
    <message>
        <source>Why is the return of {unit} sent back? A send-back notice with this reason is made next: send it to the unit, whose program shows the reason when it imports the notice.</source>
        <translation>{unit} 的报表为什么退回？请写明原因。退回后会生成退回通知（文件和文字），请将生成的退回通知发给该单位；该单位导入通知后就能看到原因。</translation>
    </message>
    <message>
        <source>Ctrl+Enter sends it back</source>
        <translation>按 Ctrl+Enter 退回</translation>
    </message>
</context>
<context>
    <name>ReturnChooser</name>
    <message>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>Reporting units</source>
        <translation>报告单位</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
</context>
<context>
    <name>ReturnCommands</name>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Su&amp;bmit…</source>
        <translation>报送(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Reopen submitted return…</source>
        <translation>撤回报送(&amp;R)…</translation>
    </message>
    <message>
        <source>Cannot submit yet</source>
        <translation>暂不能报送</translation>
    </message>
    <message>
        <source>Submitted. The return is now read-only.</source>
        <translation>已报送。报表现在只能查看。</translation>
    </message>
    <message>
        <source>The return cannot be submitted: {errors} errors must be corrected and {warnings} warnings need an explanation. They are listed in the checks panel; double-click one to go to the figure.</source>
        <translation>报表还不能报送：有 {errors} 个错误须改正，{warnings} 个警告须填写说明。它们列在下方审核结果中，双击可跳到对应数字。</translation>
    </message>
    <message>
        <source>Reloaded the saved return. Your values are on the clipboard.</source>
        <translation>已重新载入已保存的报表。您的数值已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Your changes are typed in again on the saved return: look them over, then save.</source>
        <translation>已在已保存的报表上填回您的修改：请核对后保存。</translation>
    </message>
    <message>
        <source>Not saved: another clerk saved this return first. Save again to choose.</source>
        <translation>未保存：另一位用户已先保存了这份报表。再次保存时可选择如何处理。</translation>
    </message>
    <message>
        <source>Reopen the return?</source>
        <translation>撤回报送？</translation>
    </message>
    <message>
        <source>This return has been submitted. Reopen it for changes? The reopening is recorded, and it must be submitted again.</source>
        <translation>本报表已报送。确定撤回以便修改吗？撤回会记入修改记录，改完后须重新报送。</translation>
    </message>
    <message>
        <source>Reopened: the return is a draft again.</source>
        <translation>已撤回报送，报表恢复为草稿。</translation>
    </message>
</context>
<context>
    <name>ReturnEditor</name>
    <message>
        <source>&amp;Carry over last quarter&apos;s stock figures</source>
        <translation>带入上季度期末数(&amp;C)</translation>
    </message>
    <message>
        <source>Correct it for the unit (&amp;proxy)…</source>
        <translation>由本级代为修改（代报）(&amp;P)…</translation>
    </message>
    <message>
        <source>代报: correct this return here instead of sending it back; every change is recorded with your name.</source>
        <translation>代报：不退回，由本级直接改正这份报表；每处修改都以您的名义记入修改记录。</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>表尾签署</translation>
    </message>
    <message>
        <source>{n} stock figures carried over from last quarter.</source>
        <translation>已带入上季度期末数 {n} 项，请逐项核对。</translation>
    </message>
    <message>
        <source>Correct the return for the unit?</source>
        <translation>由本级代为修改？</translation>
    </message>
    <message>
        <source>The return of {unit} came from the unit&apos;s own file. Correct it here for the unit (代报)? Every change is recorded with your name; the unit&apos;s file is no longer the return that counts. Otherwise send it back for the unit to correct.</source>
        <translation>{unit} 的报表是该单位报来的文件。要由本级代为修改（代报）吗？每处修改都以您的名义记入修改记录，此后以本级修改后的报表为准。如不代报，请退回该单位修改。</translation>
    </message>
    <message>
        <source>Taken over (代报): you may correct the return; the changes are recorded.</source>
        <translation>已代报：现在可以修改这份报表，修改会记入修改记录。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sent up by {unit}&lt;/b&gt; (imported from {file}): read-only here. To correct it, send it back (County → Returns received) or correct it for the unit.</source>
        <translation>&lt;b&gt;{unit} 报来的报表&lt;/b&gt;（导入自 {file}）：本级只读。需要改正时，请退回该单位（汇总 → 报送情况），或由本级代为修改（代报）。</translation>
    </message>
    <message>
        <source>This return was submitted {when} and is read-only. To change it, use File → Reopen submitted return.</source>
        <translation>本报表已于 {when} 报送，只能查看。如需修改，请用“文件 → 撤回报送”。</translation>
    </message>
    <message>
        <source>There is no return for this quarter yet. Start from last quarter&apos;s stock figures (staff, discipline leaders)?</source>
        <translation>本季度还没有报表。要从上季度的期末数（人员基本情况、学科带头人）开始填写吗？</translation>
    </message>
    <message>
        <source>There is no return for this quarter yet; it is created when you type the first figure.</source>
        <translation>本季度还没有报表；填入第一个数字时自动建立。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d32f2f&apos;&gt;Sent back by {sender}&lt;/b&gt; ({who}, {when}). Reason: &lt;b&gt;{reason}&lt;/b&gt;&lt;br&gt;Correct the return, submit it, then export the Excel return again and send it up.</source>
        <translation>&lt;b style=&apos;color:#d32f2f&apos;&gt;{sender}退回了本报表&lt;/b&gt;（{who}，{when}）。退回原因：&lt;b&gt;{reason}&lt;/b&gt;&lt;br&gt;请按原因修改并报送，然后重新导出Excel报表发给上级。</translation>
    </message>
    <message>
        <source>the level above</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#d32f2f&apos;&gt;Sent back to the unit&lt;/b&gt; ({who}, {when}). Reason: {reason}</source>
        <translation>&lt;b style=&apos;color:#d32f2f&apos;&gt;已退回该单位&lt;/b&gt;（{who}，{when}）。退回原因：{reason}</translation>
    </message>
</context>
<context>
    <name>SafetyActions</name>
    <message>
        <source>&amp;Backup and restore…</source>
        <translation>备份与恢复…(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About and diagnostics…</source>
        <translation>关于/诊断…(&amp;A)</translation>
    </message>
</context>
<context>
    <name>SectionForm</name>
    <message>
        <source>Computed ratios (calculated, not typed)</source>
        <translation>计算指标（自动计算，无须填写）</translation>
    </message>
    <message>
        <source>Allowances and honours</source>
        <translation>津贴与荣誉</translation>
    </message>
    <message>
        <source>1. …
2. …</source>
        <translation>1、……
2、……</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>计量单位</translation>
    </message>
    <message>
        <source>Last period</source>
        <translation>上期</translation>
    </message>
</context>
<context>
    <name>SignatoriesForm</name>
    <message>
        <source>(not given)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今天(&amp;T)</translation>
    </message>
    <message>
        <source>Head of unit</source>
        <translation>单位负责人</translation>
    </message>
    <message>
        <source>Head of statistics</source>
        <translation>统计负责人</translation>
    </message>
    <message>
        <source>Filled in by</source>
        <translation>填表人</translation>
    </message>
    <message>
        <source>Telephone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Date of report</source>
        <translation>报出日期</translation>
    </message>
    <message>
        <source>&lt;b&gt;Signatures at the foot of the return&lt;/b&gt;</source>
        <translation>&lt;b&gt;表尾签署&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Defaults for new returns are set under File → Units and settings.</source>
        <translation>新报表的默认签署人在“文件 → 单位与设置”中设置。</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The database is already open</source>
        <translation>数据库已经打开</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>The database file {path} is damaged and there is no good backup of it. Nothing was changed. Ask for help and give them this file; do not delete it.</source>
        <translation>数据库文件 {path} 已损坏，而且没有可用的备份。文件未作任何修改。请联系技术支持并把这个文件交给他们，不要删除它。</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>未恢复</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>The database was restored from the backup of {when}. Figures typed after that backup must be typed again. The damaged file was kept as {kept}.</source>
        <translation>数据库已从 {when} 的备份恢复。这个备份之后录入的数字需要重新录入。损坏的文件已保留为 {kept}。</translation>
    </message>
    <message>
        <source>The database file {path} is damaged (for example by a power cut) and was not changed.

The newest good backup is of {when}. Restore it? The damaged file is kept beside the backups; figures typed after the backup must be typed again.</source>
        <translation>数据库文件 {path} 已损坏（例如因为停电），程序没有改动它。

最新的可用备份是 {when}。要从这个备份恢复吗？损坏的文件会保留在备份文件夹里；备份之后录入的数字需要重新录入。</translation>
    </message>
    <message>
        <source>The daily backup did not succeed: {why}</source>
        <translation>今天的自动备份没有成功：{why}</translation>
    </message>
    <message>
        <source>The details were written to the log file {path}.</source>
        <translation>详细情况已记入日志文件 {path}。</translation>
    </message>
    <message>
        <source>Something went wrong in the program: {error}

What was saved before is safe. {where}
If it happens again, copy the diagnostics (Help → About and diagnostics) and send them to whoever looks after the program.</source>
        <translation>程序出现了意外错误：{error}

此前已保存的数据不受影响。{where}
如果再次出现，请在“帮助 → 关于/诊断”中复制诊断信息，发给负责维护本程序的人员。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>SumLabel</name>
    <message>
        <source>Sum: not filled in</source>
        <translation>合计：未填</translation>
    </message>
    <message>
        <source>Sum {sum}</source>
        <translation>合计 {sum}</translation>
    </message>
    <message>
        <source>(type 0 for a part there is none of)</source>
        <translation>（没有的分项请填0）</translation>
    </message>
    <message>
        <source>{text} = {total} ✓</source>
        <translation>{text} = {total} ✓</translation>
    </message>
</context>
<context>
    <name>UnitsDialog</name>
    <message>
        <source>Units and settings</source>
        <translation>单位与设置</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>This is our unit (the one this computer reports for)</source>
        <translation>这是本单位（本机为其填报）</translation>
    </message>
    <message>
        <source>&amp;New unit</source>
        <translation>新增单位(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save unit</source>
        <translation>保存单位(&amp;S)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>单位类别</translation>
    </message>
    <message>
        <source>Parent unit</source>
        <translation>上级单位</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Defaults for new returns and the printed form</source>
        <translation>新报表默认值与打印表头</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Recorded with every change in the audit trail, and named to another clerk whose save it overtook.</source>
        <translation>记入每一项修改的审计记录；如他人的保存因您先保存而被拒绝，也会向其说明是您修改的。</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source> (ours)</source>
        <translation>（本单位）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <source>Put the cursor in a figure to see its history.</source>
        <translation>请先把光标放在一个数字上，再查看历史。</translation>
    </message>
</context>
</TS>
