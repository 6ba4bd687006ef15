using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SigningService.Data;

/// <summary>
/// A query compiled once per EF model (<see cref="EF.CompileAsyncQuery{TContext,TResult}(System.Linq.Expressions.Expression{Func{TContext,CancellationToken,Task{TResult}}})"/>).
/// Hot queries are compiled so a request pays for the look-up and not for translating the LINQ expression
/// again; EF binds a compiled query to the model it first ran with, and each database provider has its own
/// model (the tests run SQLite and PostgreSQL in one process), hence one compilation per model.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
