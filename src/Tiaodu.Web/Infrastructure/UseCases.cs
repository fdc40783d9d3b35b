using Tiaodu.Core.Imports;
using Tiaodu.Core;
using Tiaodu.Core.Audit;
using Tiaodu.Core.Demo;
using Tiaodu.Core.Indicators;
using Tiaodu.Core.Ledger;
using Tiaodu.Core.Reference;

namespace Tiaodu.Web.Infrastructure;

internal static class UseCases
{
    /// <summary>Every Core handler, registered by hand: pages and endpoints inject the one they need.</summary>
    public static IServiceCollection AddTiaoduUseCases(this IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(sp => ZonedClock.FromId(sp.GetRequiredService<IConfiguration>()["TimeZone"]));
        services.AddScoped<LedgerQueryBuilder>();
        services.AddScoped<ListProjects>();
        services.AddScoped<GetProject>();
        services.AddScoped<SaveProject>();
        services.AddScoped<DeleteProject>();
        services.AddScoped<SaveProjectYear>();
        services.AddScoped<ComputeIndicators>();
        services.AddScoped<RegionRanking>();
        services.AddScoped<Core.Cockpit.CockpitQuery>();
        services.AddScoped<Core.Cockpit.LeaderDesk>();
        services.AddScoped<Core.Attraction.ManageLeads>();
        services.AddScoped<Core.Attraction.ManageEvents>();
        services.AddScoped<Core.Attraction.LeadQueries>();
        services.AddScoped<Core.Attraction.PipelineFigures>();
        services.AddScoped<Core.Attraction.ExportLeads>();
        services.AddScoped<Core.Attraction.ImportLeads>();
        services.AddScoped<Core.Attraction.LeadDocuments>();
        services.AddScoped<Core.Assessment.AssessDistricts>();
        services.AddSingleton<LedgerSnapshotCache>();
        services.AddSingleton<PlanBaselineCache>();
        services.AddHostedService<SnapshotWarmup>();
        services.AddScoped<SaveRegion>();
        services.AddScoped<SaveLookup>();
        services.AddScoped<SaveTag>();
        services.AddScoped<SeedReferenceData>();
        services.AddScoped<SeedDemoData>();
        services.AddScoped<SearchAudit>();
        services.AddScoped<VerifyAuditChain>();
        services.AddScoped<ExportLedger>();
        services.AddScoped<UploadImport>();
        services.AddScoped<AnalyseImport>();
        services.AddSingleton<AnalysisSlots>();
        services.AddScoped<ApplyImport>();
        services.AddScoped<RollbackImport>();
        services.AddScoped<ImportQueries>();
        services.AddScoped<Core.Reports.SaveReport>();
        services.AddScoped<Core.Reports.ReviewReport>();
        services.AddScoped<Core.Reports.ReportQueries>();
        services.AddScoped<Core.Reports.ChangeReportSettings>();
        services.AddScoped<Core.Reports.ExportReportList>();
        services.AddScoped<Core.Lights.EvaluateLights>();
        services.AddScoped<Core.Lights.LightQueries>();
        services.AddScoped<Core.Lights.ManageLights>();
        services.AddScoped<Core.Milestones.PlanMilestones>();
        services.AddScoped<Core.Milestones.MilestoneQueries>();
        services.AddScoped<Core.Files.FileStore>();
        services.AddScoped<Core.Plans.ApprovePlan>();
        services.AddScoped<Core.Dispatch.RunDispatchRound>();
        services.AddScoped<Core.Dispatch.DispatchQueries>();
        services.AddScoped<Core.Dispatch.ManageWatch>();
        services.AddScoped<Core.Dispatch.ExportDispatchRound>();
        services.AddScoped<Core.Milestones.ManageMilestoneTemplates>();
        services.AddScoped<Core.Problems.ManageProblems>();
        services.AddScoped<Core.Problems.ProblemQueries>();
        services.AddScoped<Core.Problems.ExportProblems>();
        services.AddScoped<Core.Problems.ProblemAccess>();
        services.AddScoped<Core.Problems.AnswerProblems>();
        services.AddScoped<Core.Problems.SuperviseProblems>();
        services.AddScoped<Core.Problems.ReadProblem>();
        services.AddScoped<Core.Problems.SupervisionDocument>();
        services.AddScoped<Core.Meetings.ManageMeetings>();
        services.AddScoped<Core.Meetings.MeetingQueries>();
        services.AddScoped<Core.Meetings.MeetingMinutes>();
        services.AddScoped<Core.Instructions.ManageInstructions>();
        services.AddScoped<Core.Bulletins.BulletinAccess>();
        services.AddScoped<Core.Bulletins.ComposeBulletin>();
        services.AddScoped<Core.Bulletins.PublishBulletin>();
        services.AddScoped<Core.Bulletins.BulletinQueries>();
        services.AddSingleton(_ => new Core.Documents.OfficeConverter(timeout: TimeSpan.FromSeconds(60)));
        services.AddScoped<Core.Work.MyWork>();
        services.AddScoped<Core.Accountability.AccountabilityGaps>();
        services.AddScoped<Core.Accountability.ExportAccountabilityGaps>();
        services.AddScoped<Core.Assessment.ExportAssessment>();
        services.AddScoped<Core.Accountability.ServiceCalendar>();
        services.AddScoped<Core.Accountability.ManageServiceLogs>();
        services.AddScoped<Core.Accountability.ServiceCompliance>();
        services.AddScoped<Core.Accountability.LeaderVisits>();
        services.AddScoped<Core.Accountability.ManageTaskForces>();
        services.AddScoped<Core.Notifications.Notifier>();
        services.AddScoped<Core.Notifications.NoticeQueries>();
        services.AddScoped<Core.Notifications.SendReportReminders>();
        services.AddScoped<Core.Notifications.ManageChannels>();
        services.AddScoped<Core.Notifications.ManageNoticeSettings>();
        services.AddHttpClient(nameof(Notifications.OutboxSender), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<Notifications.OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<Notifications.OutboxSender>());
        services.AddSingleton<Notifications.ReminderJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Notifications.ReminderJob>());
        services.AddSingleton<Lights.LightsJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Lights.LightsJob>());
        services.AddSingleton<Problems.SupervisionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Problems.SupervisionJob>());
        services.AddSingleton<Imports.ImportProgress>();
        services.AddSingleton<Imports.ImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Imports.ImportWorker>());

        // TiaoduDb takes the audit actor from the scope: the request's user and address, or a CLI verb's name.
        services.AddHttpContextAccessor();
        services.AddScoped<RequestAuditActor>();
        services.AddScoped<IAuditActor>(sp => sp.GetRequiredService<RequestAuditActor>());
        return services;
    }
}
