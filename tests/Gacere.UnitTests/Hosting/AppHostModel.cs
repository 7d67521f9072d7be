using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gacere.UnitTests.Hosting;

/// <summary>A resource <c>AppHost.cs</c> adds: <paramref name="Method"/> is the Aspire call that added it.</summary>
internal sealed record AppHostResource(string Name, string Method, string? Parent, string? ProjectType);

/// <summary>
/// What <c>Gacere.AppHost/AppHost.cs</c> declares, read from its C# syntax alone (the Aspire packages cannot
/// be restored here, so the file cannot be compiled or run). The top-level statements are walked in order
/// with their local variables; a call to a helper method declared in the same file is followed into its
/// body with its parameters bound to the arguments, so wiring written once in a helper counts for every
/// resource it is applied to. Anything the reader does not understand where a resource is expected fails
/// loudly instead of being skipped.
/// </summary>
internal sealed class AppHostModel
{
    private const int MaxHelperDepth = 16;

    private static readonly HashSet<string> ServerMethods = ["AddRabbitMQ", "AddRedis", "AddPostgres"];

    private readonly List<AppHostResource> _resources = [];
    private readonly HashSet<(string From, string To)> _references = [];
    private readonly HashSet<(string From, string To)> _waits = [];
    private readonly HashSet<string> _explicitHttpEndpoints = [];
    private readonly Dictionary<string, MethodDeclarationSyntax> _helpers;

    private AppHostModel(CompilationUnitSyntax file)
    {
        var helpers = file.DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        var overloaded = helpers.GroupBy(m => m.Identifier.Text).FirstOrDefault(g => g.Count() > 1);
        if (overloaded is not null)
        {
            throw new NotSupportedException($"AppHost.cs: helper '{overloaded.Key}' is overloaded; the reader follows helpers by name only.");
        }
        _helpers = helpers.ToDictionary(m => m.Identifier.Text);

        var scope = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var statement in file.Members.OfType<GlobalStatementSyntax>())
        {
            Execute(statement.Statement, scope, depth: 0);
        }
    }

    /// <summary>Every resource, in the order the file adds them (parameters included).</summary>
    public IReadOnlyList<AppHostResource> Resources => _resources;

    /// <summary><c>WithReference</c> edges: (resource, what it is given).</summary>
    public IReadOnlySet<(string From, string To)> References => _references;

    /// <summary><c>WaitFor…</c> edges: (resource, what it waits for).</summary>
    public IReadOnlySet<(string From, string To)> Waits => _waits;

    /// <summary>Resources given an endpoint explicitly with <c>WithHttpEndpoint</c>.</summary>
    public IReadOnlySet<string> ExplicitHttpEndpoints => _explicitHttpEndpoints;

    /// <summary>
    /// The string constants of libs/Gacere.Platform (<c>ResourceNames.Postgres</c> → "postgres"), read from the very
    /// assembly the app host compiles against, so a name written as a constant counts like the literal it stands for.
    /// </summary>
    private static readonly Dictionary<string, string> SharedConstants = new[] { typeof(ResourceNames), typeof(GacereAuth), typeof(GacereRoles) }
        .SelectMany(type => type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .SelectMany(field => new[] { $"{type.Name}.{field.Name}", $"{type.FullName}.{field.Name}" }
                .Select(key => (key, value: (string)field.GetRawConstantValue()!))))
        .ToDictionary(c => c.key, c => c.value, StringComparer.Ordinal);

    public static AppHostModel Parse(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview));
        var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"AppHost.cs does not parse: {string.Join("; ", errors)}");
        }
        return new AppHostModel(tree.GetCompilationUnitRoot());
    }

    /// <summary>Runs a statement; a non-null result is the value of a <c>return</c>.</summary>
    private Value? Execute(StatementSyntax statement, Dictionary<string, Value> scope, int depth)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax local:
                foreach (var variable in local.Declaration.Variables)
                {
                    scope[variable.Identifier.Text] = variable.Initializer is null
                        ? Value.Opaque
                        : Evaluate(variable.Initializer.Value, scope, depth);
                }
                return null;
            case ExpressionStatementSyntax expression:
                Evaluate(expression.Expression, scope, depth);
                return null;
            case BlockSyntax block:
                foreach (var inner in block.Statements)
                {
                    if (Execute(inner, scope, depth) is { } result)
                    {
                        return result;
                    }
                }
                return null;
            case ForEachStatementSyntax loop:
                if (Evaluate(loop.Expression, scope, depth) is not ListValue items)
                {
                    throw Unreadable(loop.Expression, "a foreach over something other than a params argument");
                }
                foreach (var item in items.Items)
                {
                    var body = new Dictionary<string, Value>(scope, StringComparer.Ordinal) { [loop.Identifier.Text] = item };
                    if (Execute(loop.Statement, body, depth) is { } result)
                    {
                        return result;
                    }
                }
                return null;
            case ReturnStatementSyntax ret:
                return ret.Expression is null ? Value.Opaque : Evaluate(ret.Expression, scope, depth);
            default:
                throw Unreadable(statement, $"a {statement.Kind()}");
        }
    }

    private Value Evaluate(ExpressionSyntax expression, Dictionary<string, Value> scope, int depth) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => new StringValue(literal.Token.ValueText),
        IdentifierNameSyntax identifier => scope.GetValueOrDefault(identifier.Identifier.Text, Value.Opaque),
        MemberAccessExpressionSyntax access when SharedConstants.TryGetValue(access.ToString(), out var constant) => new StringValue(constant),
        ParenthesizedExpressionSyntax parenthesized => Evaluate(parenthesized.Expression, scope, depth),
        InvocationExpressionSyntax call => Invoke(call, scope, depth),
        // Object creations, lambdas, constants: nothing the topology is made of.
        _ => Value.Opaque,
    };

    private Value Invoke(InvocationExpressionSyntax call, Dictionary<string, Value> scope, int depth)
    {
        var (target, method, typeArguments) = call.Expression switch
        {
            MemberAccessExpressionSyntax access => (Evaluate(access.Expression, scope, depth), access.Name.Identifier.Text, TypeArguments(access.Name)),
            SimpleNameSyntax name => (null, name.Identifier.Text, TypeArguments(name)),
            _ => throw Unreadable(call, "a call whose target is neither a member nor a name"),
        };
        var arguments = call.ArgumentList.Arguments.Select(a => (a.NameColon?.Name.Identifier.Text, Evaluate(a.Expression, scope, depth))).ToList();

        if (_helpers.TryGetValue(method, out var helper))
        {
            return Inline(helper, call, target, arguments.Select(a => a.Item2).ToList(), depth);
        }

        switch (method)
        {
            case "CreateBuilder":
                return Value.Builder;
            case "AddProject" when target == Value.Builder:
                var projectType = typeArguments.SingleOrDefault()
                    ?? throw Unreadable(call, "AddProject without a Projects.<Name> type argument");
                return Add(method, NameArgument(call, arguments), parent: null, projectType);
            case "AddDatabase" when target is ResourceValue server:
                return Add(method, NameArgument(call, arguments), server.Name, projectType: null);
            case var add when add.StartsWith("Add", StringComparison.Ordinal) && target == Value.Builder:
                // Servers, parameters, and any other kind of resource: an unknown kind is still a resource.
                return Add(method, NameArgument(call, arguments), parent: null, projectType: null);
            case "WithReference":
                _references.Add((Resource(call, target).Name, Resource(call, arguments.FirstOrDefault().Item2).Name));
                return target!;
            case var wait when wait.StartsWith("WaitFor", StringComparison.Ordinal):
                _waits.Add((Resource(call, target).Name, Resource(call, arguments.FirstOrDefault().Item2).Name));
                return target!;
            case "WithHttpEndpoint":
                _explicitHttpEndpoints.Add(Resource(call, target).Name);
                return target!;
            default:
                // Fluent configuration (WithEnvironment, WithHttpHealthCheck, …) returns its receiver.
                return target is ResourceValue ? target : Value.Opaque;
        }
    }

    private Value Inline(MethodDeclarationSyntax helper, InvocationExpressionSyntax call, Value? target, List<Value> arguments, int depth)
    {
        if (depth >= MaxHelperDepth)
        {
            throw Unreadable(call, "helpers nested too deep (recursion?)");
        }
        var parameters = helper.ParameterList.Parameters;
        var isExtension = parameters.FirstOrDefault()?.Modifiers.Any(SyntaxKind.ThisKeyword) == true;
        var values = isExtension && target is not null && target != Value.Opaque ? [target, .. arguments] : arguments;

        var scope = new Dictionary<string, Value>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            scope[parameter.Identifier.Text] = parameter.Modifiers.Any(SyntaxKind.ParamsKeyword)
                ? new ListValue([.. values.Skip(i)])
                : i < values.Count ? values[i] : Value.Opaque;
        }

        if (helper.ExpressionBody is { } expressionBody)
        {
            return Evaluate(expressionBody.Expression, scope, depth + 1);
        }
        return helper.Body is { } body ? Execute(body, scope, depth + 1) ?? Value.Opaque : Value.Opaque;
    }

    private ResourceValue Add(string method, string name, string? parent, string? projectType)
    {
        _resources.Add(new AppHostResource(name, method, parent, projectType));
        return new ResourceValue(name);
    }

    private static ResourceValue Resource(InvocationExpressionSyntax call, Value? value) =>
        value as ResourceValue ?? throw Unreadable(call, "a resource the reader cannot trace back to an Add… call");

    private static string NameArgument(InvocationExpressionSyntax call, List<(string? Name, Value Value)> arguments)
    {
        var name = arguments.FirstOrDefault(a => a.Name == "name").Value ?? arguments.FirstOrDefault(a => a.Name is null).Value;
        return (name as StringValue)?.Text ?? throw Unreadable(call, "a resource name that is not a string literal");
    }

    private static IReadOnlyList<string> TypeArguments(SimpleNameSyntax name) =>
        name is GenericNameSyntax generic ? [.. generic.TypeArgumentList.Arguments.Select(a => a.ToString())] : [];

    private static NotSupportedException Unreadable(SyntaxNode node, string what) =>
        new($"AppHost.cs line {node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: cannot read {what}: " +
            $"'{node.ToString().ReplaceLineEndings(" ")}'. Teach tests/Gacere.UnitTests/Hosting/AppHostModel.cs, or write it the way the rest of the file is written.");

    private abstract record Value
    {
        public static readonly Value Opaque = new OpaqueValue();
        public static readonly Value Builder = new BuilderValue();
    }

    private sealed record OpaqueValue : Value;

    private sealed record BuilderValue : Value;

    private sealed record StringValue(string Text) : Value;

    private sealed record ResourceValue(string Name) : Value;

    private sealed record ListValue(IReadOnlyList<Value> Items) : Value;
}
